import { PeriodicPass } from '../../apps/worker/periodic-pass';

describe('PeriodicPass', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs at once and then every interval, never two passes at the same time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let passes = 0;
    let finishPass: () => void = () => undefined;
    const pass = () => {
      passes += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<void>((resolve) => {
        finishPass = () => {
          inFlight -= 1;
          resolve();
        };
      });
    };
    const periodic = new PeriodicPass('test pass', pass);
    periodic.start(1);
    expect(passes).toBe(1);
    // The first pass is still running: three ticks start nothing new.
    await jest.advanceTimersByTimeAsync(3_000);
    expect(passes).toBe(1);
    finishPass();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(2);
    expect(maxInFlight).toBe(1);
    finishPass();
    await periodic.stop();
  });

  it('logs a failed pass with its name and tries again at the next tick', async () => {
    const lines: string[] = [];
    let passes = 0;
    const periodic = new PeriodicPass(
      'report roll-up',
      () => {
        passes += 1;
        return passes === 1 ? Promise.reject(new Error('database went away')) : Promise.resolve();
      },
      (line) => lines.push(line),
    );
    periodic.start(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(lines).toEqual(['report roll-up failed: database went away']);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(passes).toBe(2);
    expect(lines).toHaveLength(1);
    await periodic.stop();
  });

  it('stop() waits for the pass in flight and no tick follows it', async () => {
    let finished = false;
    let passes = 0;
    let finishPass: () => void = () => undefined;
    const periodic = new PeriodicPass('test pass', () => {
      passes += 1;
      return new Promise<void>((resolve) => {
        finishPass = () => {
          finished = true;
          resolve();
        };
      });
    });
    periodic.start(1);
    const stopped = periodic.stop();
    let stopResolved = false;
    void stopped.then(() => (stopResolved = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopResolved).toBe(false);
    finishPass();
    await stopped;
    expect(finished).toBe(true);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(passes).toBe(1);
  });
});
