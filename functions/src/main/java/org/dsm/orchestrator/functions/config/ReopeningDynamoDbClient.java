package org.dsm.orchestrator.functions.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that can be drained (the SDK client closed, with its HTTP connections) and
 * builds a new one on the next call, so a SnapStart snapshot holds no connection to DynamoDB.
 * {@link #proxy} is what the stores use: every call goes to the current client.
 */
final class ReopeningDynamoDbClient implements StoreConnection.Drainable {
  private final Supplier<DynamoDbClient> opener;
  private DynamoDbClient client;
  private boolean closed;
  private final DynamoDbClient proxy;

  ReopeningDynamoDbClient(Supplier<DynamoDbClient> opener) {
    this.opener = opener;
    this.proxy =
        (DynamoDbClient)
            Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class},
                (self, method, args) -> call(method, args));
  }

  DynamoDbClient proxy() {
    return proxy;
  }

  private Object call(Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close" -> {
        close();
        return null;
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return args[0] == proxy;
      }
      case "toString" -> {
        return "ReopeningDynamoDbClient";
      }
      default -> {
        try {
          return method.invoke(client(), args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
  }

  private synchronized DynamoDbClient client() {
    if (closed) {
      throw new IllegalStateException("the DynamoDB client is closed");
    }
    if (client == null) {
      client = opener.get();
    }
    return client;
  }

  /** Whether a client is open now (false after a drain until the next call). */
  synchronized boolean open() {
    return client != null;
  }

  /**
   * Builds the next client now, without connecting (the SDK opens connections on the first call):
   * after a restore this moves the client's set-up into the restore phase.
   */
  @Override
  public synchronized void prepare() {
    if (!closed && client == null) {
      client = opener.get();
    }
  }

  @Override
  public synchronized void drain() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public synchronized void close() {
    drain();
    closed = true;
  }
}
