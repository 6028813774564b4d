package example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {
  private final AtomicBoolean failHealth = new AtomicBoolean(false);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    App.Settings settings = new App.Settings("hello-java", "test", "reg/hello-java@sha256:abc", 0);
    server = new App(settings, failHealth::get).listen(0);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> res = get("/healthz");
    assertEquals(200, res.statusCode());
    assertEquals("ok", res.body());
  }

  @Test
  void healthzFailsWhenAskedTo() throws Exception {
    failHealth.set(true);
    assertEquals(500, get("/healthz").statusCode());
  }

  @Test
  void rootDescribesServiceEnvironmentAndVersion() throws Exception {
    HttpResponse<String> res = get("/");
    assertEquals(200, res.statusCode());
    assertEquals("{\"service\":\"hello-java\",\"env\":\"test\",\"version\":\"reg/hello-java@sha256:abc\"}", res.body());
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    assertEquals(404, get("/nope").statusCode());
  }

  @Test
  void settingsPreferTheArgumentThenTheEnvironment() {
    Map<String, String> env = Map.of("GANTRY_ENV", "dev", "PORT", "9000", "GANTRY_IMAGE", "img");
    assertEquals(new App.Settings("hello-java", "prod", "img", 9000), App.Settings.from(new String[] {"prod"}, env));
    assertEquals("dev", App.Settings.from(new String[0], env).env());
    assertEquals(8080, App.Settings.from(new String[0], Map.of()).port());
  }

  @Test
  void metricsCountRequestsByStatusWithoutTheScrapes() throws Exception {
    get("/");
    get("/");
    get("/nope");
    get("/metrics");
    String text = get("/metrics").body();
    assertTrue(text.contains("http_requests_total{code=\"200\"} 2\n"), text);
    assertTrue(text.contains("http_requests_total{code=\"404\"} 1\n"), text);
    assertTrue(text.contains("http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"), text);
  }

  @Test
  void failRatioFailsThatShareOfRequestsAndKeepsHealthz(@TempDir Path tmp) throws Exception {
    server.stop(0);
    App.Settings settings = new App.Settings("hello-java", "test", "v", 0, "0.25");
    server = new App(settings, failHealth::get, tmp.resolve("absent")).listen(0);
    int failed = 0;
    for (int i = 0; i < 8; i++) if (get("/").statusCode() == 500) failed++;
    assertEquals(2, failed);
    assertEquals(200, get("/healthz").statusCode());
  }

  @Test
  void failRatioFileSwitchesARunningCopy(@TempDir Path tmp) throws Exception {
    server.stop(0);
    Path file = tmp.resolve("FAIL_RATIO");
    server = new App(new App.Settings("hello-java", "test", "v", 0), failHealth::get, file).listen(0);
    assertEquals(200, get("/").statusCode());
    Files.writeString(file, "1\n");
    assertEquals(500, get("/").statusCode());
  }
}
