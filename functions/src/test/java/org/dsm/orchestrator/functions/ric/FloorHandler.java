package org.dsm.orchestrator.functions.ric;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor of the RIC figures: a plain handler that reads the event and answers a constant API
 * Gateway 200, run in the same sandbox as the real jar (its task root holds only this class).
 */
public class FloorHandler implements RequestStreamHandler {
  private static final byte[] RESPONSE =
      "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{}\"}"
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    output.write(RESPONSE);
  }
}
