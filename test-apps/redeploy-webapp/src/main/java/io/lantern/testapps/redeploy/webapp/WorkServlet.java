package io.lantern.testapps.redeploy.webapp;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import okhttp3.Request;

/**
 * {@code GET /work}: one request that goes through every library of WEB-INF/lib, so each
 * instrumentation meets classes of this deployment's loader: one SELECT through the HikariCP pool
 * on H2, one OkHttp GET of the host's {@code /ping}, one openai-java chat completion against the
 * fake provider. Answers {@code <row>|<pong>|<model that answered>}.
 */
public final class WorkServlet extends HttpServlet {
  public static final String MODEL = "redeploy-model";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    WebappResources resources = WebappResources.of(getServletContext());
    String row;
    try (Connection c = resources.pool().getConnection();
        PreparedStatement p = c.prepareStatement("SELECT name FROM " + WebappResources.TABLE + " WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rs = p.executeQuery()) {
        row = rs.next() ? rs.getString(1) : "none";
      }
    } catch (SQLException e) {
      throw new IOException(e);
    }
    String pong;
    try (okhttp3.Response r = resources.http().newCall(new Request.Builder().url(resources.pingUrl()).build()).execute()) {
      pong = r.body().string();
    }
    ChatCompletion completion = resources.openAi().chat().completions().create(ChatCompletionCreateParams.builder()
        .model(MODEL).addUserMessage("hello from a redeployed webapp").build());
    resp.setContentType("text/plain");
    resp.getWriter().print(row + "|" + pong + "|" + completion.model());
  }
}
