package demo;

public class Twice {
  public void go() throws InterruptedException {
    Thread t = new Thread(() -> System.out.println("hi"));
    t.start();
    t.start();
    t.join();
  }
}
