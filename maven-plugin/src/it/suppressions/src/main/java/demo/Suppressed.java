package demo;

public class Suppressed {
  @SuppressWarnings("threadlint:thread-run-direct")
  public void a() {
    new Thread(() -> {}).run();
  }

  @SuppressWarnings("threadlint")
  public void b() {
    new Thread(() -> {}).run();
  }

  @edu.umd.cs.findbugs.annotations.SuppressFBWarnings("RU_INVOKE_RUN")
  public void c() {
    new Thread(() -> {}).run();
  }

  public void d() {
    // threadlint:ignore thread-run-direct - inline on purpose
    new Thread(() -> {}).run();
    new Thread(() -> {}).run(); // threadlint:ignore thread-run-direct
  }
}
