package example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The HTTP handlers, separate from Main so tests can serve them on a random port. A FAIL_RATIO file in the working
 * directory (or GANTRY_FAIL_RATIO) makes that share of requests to / answer 500 while /healthz stays fine: a copy
 * that passes its health check but fails its users, for metric analysis.
 */
public final class App {
  private final Settings settings;
  private final BooleanSupplier failHealth;
  private final FailSwitch failSwitch;
  private final Metrics metrics = new Metrics();

  public App(Settings settings, BooleanSupplier failHealth) {
    this(settings, failHealth, Path.of("FAIL_RATIO"));
  }

  App(Settings settings, BooleanSupplier failHealth, Path failRatioFile) {
    this.settings = settings;
    this.failHealth = failHealth;
    this.failSwitch = new FailSwitch(failRatioFile, settings.failRatio());
  }

  public HttpServer listen(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", this::handle);
    server.start();
    return server;
  }

  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if ("GET".equals(exchange.getRequestMethod()) && "/metrics".equals(path)) {
      send(exchange, 200, "text/plain; version=0.0.4", metrics.render());
      return;
    }
    long started = System.nanoTime();
    int status = route(exchange, path);
    metrics.observe(status, (System.nanoTime() - started) / 1e9);
  }

  private int route(HttpExchange exchange, String path) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      return send(exchange, 405, "text/plain", "method not allowed\n");
    } else if ("/healthz".equals(path)) {
      if (failHealth.getAsBoolean()) return send(exchange, 500, "text/plain", "failing on purpose\n");
      return send(exchange, 200, "text/plain", "ok");
    } else if ("/".equals(path)) {
      if (failSwitch.shouldFail()) return send(exchange, 500, "text/plain", "failing on purpose (FAIL_RATIO)\n");
      return send(exchange, 200, "application/json", settings.toJson());
    }
    return send(exchange, 404, "text/plain", "not found\n");
  }

  private static int send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put("Content-Type", List.of(type));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }

  /** What the service reads from its arguments and environment. */
  public record Settings(String service, String env, String version, int port, String failRatio) {
    public Settings(String service, String env, String version, int port) {
      this(service, env, version, port, null);
    }

    /** The environment comes from the first argument (start.sh passes it), then GANTRY_ENV. */
    public static Settings from(String[] args, Map<String, String> env) {
      String environment = args.length > 0 && !args[0].isEmpty() ? args[0] : env.getOrDefault("GANTRY_ENV", "dev");
      String version = env.getOrDefault("GANTRY_IMAGE", "unknown");
      int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
      return new Settings("hello-java", environment, version, port, env.get("GANTRY_FAIL_RATIO"));
    }

    String toJson() {
      return "{\"service\":" + quote(service) + ",\"env\":" + quote(env) + ",\"version\":" + quote(version) + "}";
    }

    private static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
