// libzmq's C API (Debian: libzmq3-dev), for the Jupyter kernel's sockets. Swift cannot
// call C variadic functions, and a few of the calls the kernel needs take a `void *`
// option value, so they are wrapped here in static inline functions with fixed
// signatures. Nothing here keeps state.
#ifndef NNSH_CZMQ_SHIM_H
#define NNSH_CZMQ_SHIM_H

#include <zmq.h>

/// Sets an integer socket option (ZMQ_LINGER, ZMQ_ROUTER_HANDOVER, …).
static inline int nnsh_zmq_setsockopt_int(void *socket, int option, int value) {
  return zmq_setsockopt(socket, option, &value, sizeof value);
}

/// Whether the message part just received is followed by another (ZMQ_RCVMORE).
static inline int nnsh_zmq_more(void *socket) {
  int more = 0;
  size_t size = sizeof more;
  if (zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &size) != 0) return 0;
  return more;
}

/// The endpoint a socket was bound to (`tcp://127.0.0.1:54321`), for a port chosen
/// by the system (`tcp://127.0.0.1:*`). Returns 0 on success.
static inline int nnsh_zmq_last_endpoint(void *socket, char *buffer, size_t capacity) {
  size_t size = capacity;
  return zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, buffer, &size);
}

#endif
