package io.lantern.testapps.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot web app run from its executable jar, so its classes load through Spring Boot's
 * nested-jar class loader. {@code -Dapp.port} (0 = ephemeral); prints {@code LISTENING <port>}.
 */
@SpringBootApplication
@RestController
public class SpringBootApp implements ApplicationListener<WebServerInitializedEvent> {
  public static void main(String[] args) {
    System.setProperty("server.port", Integer.toString(Integer.getInteger("app.port", 8080)));
    SpringApplication.run(SpringBootApp.class, args);
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    System.out.println("LISTENING " + event.getWebServer().getPort());
    System.out.flush();
  }

  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }

  @GetMapping("/users/{id}")
  public String user(@PathVariable("id") String id) {
    return "user " + id;
  }

  @GetMapping("/error")
  public String error() {
    throw new IllegalStateException("boom");
  }

  @GetMapping("/status/{code}")
  public ResponseEntity<String> status(@PathVariable("code") int code) {
    return ResponseEntity.status(code).body("status " + code);
  }
}
