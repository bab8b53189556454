package org.dsm.orchestrator.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FunctionsApplication {
  public static void main(String[] args) {
    SpringApplication.run(FunctionsApplication.class, args);
  }
}
