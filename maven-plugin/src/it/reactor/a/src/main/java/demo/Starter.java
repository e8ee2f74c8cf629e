package demo;

public class Starter {
  public void go() {
    new Thread(() -> {}).run();
  }
}
