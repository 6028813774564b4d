package example.hello;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    App.Settings settings = App.Settings.from(args, System.getenv());
    Path failFile = failHealthFile();
    // FAIL_HEALTH either ships inside the jar (committed at the repo root) or sits next to it in project/.
    boolean packedFailure = Main.class.getResource("/FAIL_HEALTH") != null;
    HttpServer server = new App(settings, () -> packedFailure || Files.exists(failFile)).listen(settings.port());
    System.out.printf("%s %s (%s) listening on %d%n", settings.service(), settings.version(), settings.env(), settings.port());
    // Deploy targets stop a track with SIGTERM: finish in-flight requests, then exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("shutting down");
      server.stop(1);
    }));
  }

  private static Path failHealthFile() {
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.resolveSibling("FAIL_HEALTH");
    } catch (Exception e) {
      return Path.of("project", "FAIL_HEALTH");
    }
  }
}
