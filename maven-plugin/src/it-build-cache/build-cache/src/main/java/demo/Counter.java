package demo;

public class Counter {
  private int count;

  public synchronized void increment() {
    count++;
  }

  public synchronized int get() {
    return count;
  }
}
