package example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppTest {
  private final AtomicBoolean failHealth = new AtomicBoolean(false);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    App.Settings settings = new App.Settings("hello-java-25", "test", "reg/hello-java@sha256:abc", 0);
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
    assertEquals(
        "{\"service\":\"hello-java-25\",\"env\":\"test\",\"version\":\"reg/hello-java@sha256:abc\",\"java\":\"25\"}",
        res.body());
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    assertEquals(404, get("/nope").statusCode());
  }

  @Test
  void settingsPreferTheArgumentThenTheEnvironment() {
    Map<String, String> env = Map.of("GANTRY_ENV", "dev", "PORT", "9000", "GANTRY_IMAGE", "img");
    assertEquals(new App.Settings("hello-java-25", "prod", "img", 9000), App.Settings.from(new String[] {"prod"}, env));
    assertEquals("dev", App.Settings.from(new String[0], env).env());
    assertEquals(8080, App.Settings.from(new String[0], Map.of()).port());
  }
}
