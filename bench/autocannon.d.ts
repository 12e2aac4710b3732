// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p97_5: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Called with each connection's client as it is made (autocannon's hook for customising connections). */
    setupClient?: (client: Client) => void;
  }
  /** The connection object setupClient receives; only what bench/lib.ts touches. */
  export interface Client {
    pipelinedRequests?: { addBody?: (data: Buffer) => void };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
