package demo;

public class Client {
  private final Bulkhead bulkhead;

  public Client(Bulkhead bulkhead) {
    this.bulkhead = bulkhead;
  }

  public void call(Runnable work) {
    bulkhead.acquirePermission();
    work.run();
    bulkhead.onComplete();
  }

  public void callSafely(Runnable work) {
    bulkhead.acquirePermission();
    try {
      work.run();
    } finally {
      bulkhead.onComplete();
    }
  }
}
