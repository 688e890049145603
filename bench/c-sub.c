/*
 * The libzmq reference for bench/sub-drain.bench.ts: a plain C SUB that connects, subscribes to
 * everything and receives `count` messages as fast as libzmq hands them over, reading each
 * payload's sequence number (as `sub --seq header` does) and counting the ones out of order.
 * Prints {"received":N,"msgsPerSec":R,"outOfOrder":K} from the first message to the last.
 * Build: cc -O2 -o c-sub c-sub.c -lzmq   Run: c-sub tcp://127.0.0.1:PORT COUNT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zmq.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: c-sub <endpoint> <count>\n");
    return 2;
  }
  long count = atol(argv[2]);
  void *ctx = zmq_ctx_new();
  void *sub = zmq_socket(ctx, ZMQ_SUB);
  zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0);
  if (zmq_connect(sub, argv[1]) != 0) {
    fprintf(stderr, "connect: %s\n", zmq_strerror(zmq_errno()));
    return 1;
  }
  zmq_msg_t frame;
  zmq_msg_init(&frame);
  long n = 0, out_of_order = 0;
  uint64_t expected = 0;
  double first = 0, last = 0;
  while (n < count) {
    int more = 1;
    while (more) {
      if (zmq_msg_recv(&frame, sub, 0) < 0) return 1;
      more = zmq_msg_more(&frame);
      if (!more && zmq_msg_size(&frame) >= 24) {
        const unsigned char *p = zmq_msg_data(&frame);
        uint64_t seq = 0;
        for (int i = 16; i < 24; i++) seq = (seq << 8) | p[i];
        if (seq != expected) out_of_order++;
        expected = seq + 1;
      }
    }
    last = now_ms();
    if (n++ == 0) first = last;
  }
  printf("{\"received\":%ld,\"msgsPerSec\":%ld,\"outOfOrder\":%ld}\n", n, last > first ? (long)((n - 1) * 1000.0 / (last - first)) : 0, out_of_order);
  zmq_msg_close(&frame);
  zmq_close(sub);
  zmq_ctx_term(ctx);
  return 0;
}
