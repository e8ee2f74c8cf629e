package demo;

public class Fine {
  public void go() throws InterruptedException {
    Thread t = new Thread(() -> System.out.println("hi"));
    t.start();
    t.join();
  }
}
