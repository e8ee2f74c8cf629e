package demo;

public class Starter {
  public void go() throws InterruptedException {
    Thread t = new Thread(() -> System.out.println("hi"));
    t.run();
    t.start();
    t.join();
  }
}
