package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** amtool on the example Alertmanager configuration: valid, and routes by severity. */
class AlertmanagerIT {
  private static final String CONFIG = "--config.file=alertmanager/alertmanager.yml";

  @Test
  void exampleConfigIsValid() {
    String out = Deploy.runOk("amtool", "check-config", "alertmanager/alertmanager.yml");
    assertTrue(out.contains("SUCCESS") && out.contains("2 receivers") && out.contains("1 inhibit rules"), out);
  }

  @Test
  void criticalAlertsPageAndWarningsGoToChat() {
    assertEquals("on-call", receiver("alertname=LanternServiceDown", "severity=critical", "job=lantern"));
    assertEquals("on-call", receiver("alertname=LanternHighErrorRate", "severity=critical", "job=lantern"));
    assertEquals("team-chat", receiver("alertname=LanternHighLatencyP95", "severity=warning", "job=lantern"));
    assertEquals("team-chat", receiver("alertname=LanternLogEventsDropped", "severity=warning", "job=lantern"));
    // Loki's ruler alerts (deploy/loki/rules/) carry service, not job
    assertEquals("team-chat", receiver("alertname=LanternAppErrorLogs", "severity=warning", "service=lantern-demo"));
  }

  private static String receiver(String... labels) {
    String[] cmd = new String[4 + labels.length];
    cmd[0] = "amtool";
    cmd[1] = "config";
    cmd[2] = "routes";
    cmd[3] = "test";
    System.arraycopy(labels, 0, cmd, 4, labels.length);
    String[] withConfig = java.util.Arrays.copyOf(cmd, cmd.length + 1);
    withConfig[cmd.length] = CONFIG;
    // amtool warns on stderr that --config.file overrides --alertmanager.url; the receiver is the line without "Warning"
    return Deploy.runOk(withConfig).lines().filter(l -> !l.startsWith("Warning") && !l.isBlank())
        .findFirst().orElseThrow().trim();
  }
}
