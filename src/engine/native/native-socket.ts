/** A zmqdiag socket (types.ts's ZSocket) on a zeromq.js socket. */
import { Buffer } from "node:buffer";
import type { Socket, Subscriber } from "zeromq";
import type {
  FrameInput,
  ReceiveOptions,
  SocketCounters,
  SocketEvent,
  SocketOptions,
  SocketType,
  ZSocket,
} from "../types.ts";
import { batchMaxError, closedError, hasCode, unsupportedError, ZmqError } from "../errors.ts";
import { type Endpoint, parseEndpoint } from "../endpoint.ts";
import { subscriptionMessage } from "../subscription-message.ts";
import { canReceive, canSend } from "../socket-directions.ts";
import { CancelSafeReceiver, type NativeReadable } from "./cancel-safe-receiver.ts";
import { type NativeWritable, Sender } from "./sender.ts";
import { SocketObserver } from "./socket-observer.ts";
import { createNativeSocket } from "./create-socket.ts";
import { toZmqError } from "./native-errors.ts";
import { newTraffic } from "./traffic.ts";
import type { ZeromqModule } from "./load-zeromq.ts";

function topicBuffer(topic: FrameInput = ""): Buffer {
  return typeof topic === "string" ? Buffer.from(topic) : Buffer.from(topic.buffer, topic.byteOffset, topic.byteLength);
}

/** The native engine's socket. */
export class NativeSocket implements ZSocket {
  readonly engine = "native" as const;
  private readonly socket: Socket;
  private readonly traffic = newTraffic();
  private readonly receiver: CancelSafeReceiver | undefined;
  private readonly sender: Sender | undefined;
  private readonly observer: SocketObserver;
  private isClosed = false;

  /** `polling`: wait by repeated zero-timeout attempts instead of zeromq.js's poller (see cancel-safe-receiver.ts). */
  constructor(zmq: ZeromqModule, readonly type: SocketType, options: SocketOptions, polling: boolean) {
    try {
      this.socket = createNativeSocket(zmq, type, options, polling);
    } catch (e) {
      throw toZmqError(e, `cannot create a ${type} socket`);
    }
    if (canReceive(type)) {
      this.receiver = new CancelSafeReceiver(
        this.socket as unknown as NativeReadable,
        options.receiveTimeout ?? -1,
        this.traffic,
        polling,
      );
    }
    if (canSend(type)) {
      this.sender = new Sender(
        this.socket as unknown as NativeWritable,
        options.sendTimeout ?? -1,
        this.traffic,
        polling,
      );
    }
    this.observer = new SocketObserver(zmq, this.socket, !polling);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  async bind(endpoint: string): Promise<string> {
    if (this.isClosed) throw closedError();
    this.allowIpv6For(parseEndpoint(endpoint, { forBind: true, allowInproc: true }));
    try {
      await this.socket.bind(endpoint);
    } catch (e) {
      if (hasCode(e, "EADDRINUSE")) {
        throw new ZmqError("EADDRINUSE", `cannot bind ${endpoint}: address already in use`, { cause: e });
      }
      throw toZmqError(e, `cannot bind ${endpoint}`);
    }
    return this.socket.lastEndpoint ?? endpoint;
  }

  /**
   * libzmq refuses IPv6 addresses unless the socket's ipv6 option is on; turned on only for an
   * IPv6 or named host, so IPv4 endpoints keep their plain form (not tcp://[::ffff:127.0.0.1]).
   */
  private allowIpv6For(ep: Endpoint): void {
    if (ep.transport === "tcp" && !/^(\*|\d+\.\d+\.\d+\.\d+)$/.test(ep.host)) this.socket.ipv6 = true;
  }

  async connect(endpoint: string): Promise<void> {
    if (this.isClosed) throw closedError();
    this.allowIpv6For(parseEndpoint(endpoint, { allowInproc: true }));
    try {
      this.socket.connect(endpoint);
    } catch (e) {
      throw toZmqError(e, `cannot connect to ${endpoint}`);
    }
  }

  send(message: FrameInput | FrameInput[]): Promise<void> {
    if (!this.sender) return Promise.reject(unsupportedError(this.type, "send"));
    return this.sender.send(message);
  }

  sendNow(_message: FrameInput | FrameInput[]): boolean {
    if (!this.sender) throw unsupportedError(this.type, "send");
    return this.sender.sendNow();
  }

  receive(options?: ReceiveOptions): Promise<Buffer[]> {
    if (!this.receiver) return Promise.reject(unsupportedError(this.type, "receive"));
    return this.receiver.receive(options);
  }

  /** zeromq.js receives one message per call: a batch of one, with receive()'s rules. */
  async receiveBatch(max: number, options?: ReceiveOptions): Promise<Buffer[][]> {
    if (!Number.isInteger(max) || max < 1) throw batchMaxError(max);
    return [await this.receive(options)];
  }

  subscribe(topic?: FrameInput): void {
    this.changeSubscription(1, topic);
  }

  unsubscribe(topic?: FrameInput): void {
    this.changeSubscription(0, topic);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.observer.stop();
    this.receiver?.close();
    this.sender?.close();
    this.socket.close();
  }

  counters(): SocketCounters {
    const c = this.observer.counts;
    return {
      ...this.traffic,
      drops: null,
      connects: c ? c.connects : null,
      disconnects: c ? c.disconnects : null,
      handshakeFailures: c ? c.handshakeFailures : null,
      protocolErrors: c ? c.protocolErrors : null,
      peers: c ? c.peers : null,
    };
  }

  /** Events are observed only from the first listener on (before that, and on Deno, counters say null). */
  onEvent(listener: (event: SocketEvent) => void): () => void {
    return this.observer.listen(listener);
  }

  private changeSubscription(action: 0 | 1, topic?: FrameInput): void {
    if (this.isClosed) throw closedError();
    const t = topicBuffer(topic);
    if (this.type === "sub") {
      const sub = this.socket as unknown as Subscriber;
      if (action === 1) sub.subscribe(t);
      else sub.unsubscribe(t);
    } else if (this.type === "xsub") {
      // XSUB subscribes by sending 1|0 + topic upstream; such a send never waits.
      (this.socket as unknown as NativeWritable).send(subscriptionMessage(action === 1, t)).catch(() => {});
    } else {
      throw unsupportedError(this.type, action ? "subscribe" : "unsubscribe");
    }
  }
}
