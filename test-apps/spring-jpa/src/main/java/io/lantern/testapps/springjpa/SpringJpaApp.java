package io.lantern.testapps.springjpa;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3 on Tomcat with Spring Data JPA/Hibernate over HikariCP and H2. {@code /owners}
 * is a deliberate N+1: one SELECT of the owners, then one lazy SELECT of the pets per owner
 * ({@link #OWNERS} owners). {@code /owners/{id}} is one SELECT. Prints {@code LISTENING <port>}.
 */
@SpringBootApplication
public class SpringJpaApp {
  static final int OWNERS = 12;

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(SpringJpaApp.class);
    app.setDefaultProperties(java.util.Map.of("server.port", System.getProperty("app.port", "8080")));
    app.run(args);
  }

  /** After the seed runner: the ITs may send requests as soon as they read this. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> listening() {
    return event -> System.out.println(
        "LISTENING " + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
  }

  @Bean
  ApplicationRunner seed(OwnerRepository owners) {
    return args -> {
      for (int i = 1; i <= OWNERS; i++) {
        Owner owner = new Owner();
        owner.name = "owner" + i;
        Pet pet = new Pet();
        pet.name = "pet" + i;
        pet.owner = owner;
        owner.pets.add(pet);
        owners.save(owner);
      }
    };
  }
}
