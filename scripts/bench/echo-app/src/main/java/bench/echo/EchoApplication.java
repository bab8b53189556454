package bench.echo;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor: one function that answers the same typed HTTP API event with its body (FunctionInvoker mode), and
 * the same over Spring MVC with a /health route (HTTP mode). Whatever it costs is Spring Cloud Function's and
 * Spring MVC's share of our functions' cost.
 */
@SpringBootApplication
@RestController
public class EchoApplication {
  public static void main(String[] args) {
    SpringApplication.run(EchoApplication.class, args);
  }

  @Bean
  public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> echo() {
    return event -> APIGatewayV2HTTPResponse.builder().withStatusCode(200)
        .withHeaders(Map.of("content-type", "application/json")).withBody(event.getBody()).build();
  }

  @GetMapping("/health")
  public Map<String, String> health() {
    return Map.of("status", "healthy");
  }

  @PostMapping("/orchestrate/project/{id}")
  public ResponseEntity<String> echo(@RequestBody(required = false) String body) {
    return ResponseEntity.ok().header("content-type", "application/json").body(body == null ? "{}" : body);
  }
}
