#ifndef SUPPORTDESK_CZEROMQ_SHIM_H
#define SUPPORTDESK_CZEROMQ_SHIM_H
#include <zmq.h>
#include <errno.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#endif
