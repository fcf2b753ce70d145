/** What a sensor is to the daemon: evaluated at its own interval, with its cursor kept in the state. */

export type SensorTick = { at: number; cursor: unknown; requested: number[]; note: string };

export type Sensor = {
  name: string;
  /** Evaluates once at `now`; requested run ids and a note. */
  tick(now: number): Promise<SensorTick>;
  /** The next instant it wants to be evaluated. */
  nextWake(now: number): number;
};
