package io.lantern.testapps.jetty12;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** A Spring MVC controller behind a DispatcherServlet mapped at {@code /spring/*}. */
@Configuration
@EnableWebMvc
@RestController
public class SpringOwners {
  @GetMapping("/owners/{ownerId}")
  public String owner(@PathVariable("ownerId") String ownerId) {
    return "owner " + ownerId;
  }
}
