package example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The HTTP handlers, separate from Main so tests can serve them on a random port. */
public final class App {
  private final Settings settings;
  private final BooleanSupplier failHealth;

  public App(Settings settings, BooleanSupplier failHealth) {
    this.settings = settings;
    this.failHealth = failHealth;
  }

  public HttpServer listen(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", this::handle);
    server.start();
    return server;
  }

  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"GET".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "text/plain", "method not allowed\n");
    } else if ("/healthz".equals(path)) {
      if (failHealth.getAsBoolean()) send(exchange, 500, "text/plain", "failing on purpose\n");
      else send(exchange, 200, "text/plain", "ok");
    } else if ("/".equals(path)) {
      send(exchange, 200, "application/json", settings.toJson());
    } else {
      send(exchange, 404, "text/plain", "not found\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put("Content-Type", List.of(type));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** What the service reads from its arguments and environment. */
  public record Settings(String service, String env, String version, int port) {
    /** The environment comes from the first argument (start.sh passes it), then GANTRY_ENV. */
    public static Settings from(String[] args, Map<String, String> env) {
      String environment = args.length > 0 && !args[0].isEmpty() ? args[0] : env.getOrDefault("GANTRY_ENV", "dev");
      String version = env.getOrDefault("GANTRY_IMAGE", "unknown");
      int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
      return new Settings("hello-java-25", environment, version, port);
    }

    /** Also says which Java runs it: this service is the catalog's example of a second Java version. */
    String toJson() {
      return "{\"service\":" + quote(service) + ",\"env\":" + quote(env) + ",\"version\":" + quote(version)
          + ",\"java\":" + quote(String.valueOf(Runtime.version().feature())) + "}";
    }

    private static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
