package example.hello;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which requests to / fail on purpose: a FAIL_RATIO file (read on every request, so a running copy can be
 * switched), else GANTRY_FAIL_RATIO; 0..1. Failures are spread evenly, not random: 0.25 fails every fourth request.
 */
final class FailSwitch {
  private final Path file;
  private final String envRatio;
  private long served;

  FailSwitch(Path file, String envRatio) {
    this.file = file;
    this.envRatio = envRatio;
  }

  synchronized boolean shouldFail() {
    double r = ratio();
    served++;
    return (long) Math.floor(served * r) > (long) Math.floor((served - 1) * r);
  }

  private double ratio() {
    String text = envRatio;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      // no file: the environment decides
    }
    try {
      double value = Double.parseDouble(text == null ? "0" : text.trim());
      return Double.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
