/*
  replica_guard monitor: derives per-connection states from polled
  SHOW ALL SLAVES STATUS rows and records the transitions (see rg_monitor.h).
*/
#include "rg_monitor.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/*
  What every connection state means, in one place (see rg_state_info in
  rg_monitor.h). The rules, row by row:
  - Failures are states replication did not choose: errors, a connection
    still being made, and a poll that could not look. A stop on purpose
    (STOP SLAVE) and lag are not failures.
  - The server state is the worst its connections imply: an error breaks
    replication (BROKEN); anything that is not healthy degrades it.
  - DELAYED is a configured MASTER_DELAY: healthy. It therefore counts as
    OK for the server state and for the fence's auto-clear alike (a
    delayed replica would otherwise stay fenced for good once fenced).
  - SQL_ERROR fences at once (the replica stopped applying for good);
    IO_ERROR and CONNECTING only after replica_guard_fence_after_seconds
    (a network blip reconnects by itself); an UNKNOWN poll is the
    monitor's trouble, not replication's, and never fences.
  - Auto-clear waits for healthy states only: not LAGGING, so a server
    catching up after an outage stays fenced until it has caught up.
  - Transitions into errors are warnings; everything else, a connection
    connecting or stopped by a DBA included, is an ordinary note.
*/
static const rg_state_info state_table[RG_STATE__COUNT]=
{
  /* name          failure server              fence             clear warn */
  { "OK",          0, RG_SERVER_OK,       RG_FENCE_NEVER,       1, 0 },
  { "LAGGING",     0, RG_SERVER_DEGRADED, RG_FENCE_NEVER,       0, 0 },
  { "CONNECTING",  1, RG_SERVER_DEGRADED, RG_FENCE_AFTER_DELAY, 0, 0 },
  { "IO_ERROR",    1, RG_SERVER_BROKEN,   RG_FENCE_AFTER_DELAY, 0, 1 },
  { "SQL_ERROR",   1, RG_SERVER_BROKEN,   RG_FENCE_AT_ONCE,     0, 1 },
  { "IO_STOPPED",  0, RG_SERVER_DEGRADED, RG_FENCE_NEVER,       0, 0 },
  { "SQL_STOPPED", 0, RG_SERVER_DEGRADED, RG_FENCE_NEVER,       0, 0 },
  { "DELAYED",     0, RG_SERVER_OK,       RG_FENCE_NEVER,       1, 0 },
  { "UNKNOWN",     1, RG_SERVER_DEGRADED, RG_FENCE_NEVER,       0, 1 }
};

const rg_state_info *rg_state_info_of(rg_conn_state s)
{
  if (s < 0 || s >= RG_STATE__COUNT)
    return NULL;
  return &state_table[s];
}

static const char *const server_state_names[]=
{
  "NOT_A_REPLICA", "OK", "DEGRADED", "BROKEN"
};


/* Connection names compare on at most the bytes a stored name keeps, so a
   sample whose name fills its buffer without a NUL matches its own copy. */
static int name_cmp(const char *a, const char *b)
{
  return strncmp(a, b, RG_NAME_LEN - 1);
}


/* Bounded copy: reads at most src_max bytes of src (it need not be
   NUL-terminated within them), always terminates dst. */
static void copy_str(char *dst, size_t dst_len, const char *src,
                     size_t src_max)
{
  size_t n= 0;
  if (src)
    while (n < src_max && src[n])
      n++;
  if (n >= dst_len)
    n= dst_len - 1;
  memcpy(dst, src ? src : "", n);
  dst[n]= '\0';
}


#define TERMINATE(buf) ((buf)[sizeof(buf) - 1]= '\0')

/* A copy of *s whose strings are all truncated to, and terminated within,
   their buffers: nothing read later from a stored sample can overrun. */
static void store_sample(rg_sample *dst, const rg_sample *s)
{
  *dst= *s;
  TERMINATE(dst->connection_name);
  TERMINATE(dst->master_host);
  TERMINATE(dst->last_io_error);
  TERMINATE(dst->last_sql_error);
  TERMINATE(dst->gtid_io_pos);
  TERMINATE(dst->gtid_slave_pos);
  TERMINATE(dst->using_gtid);
  TERMINATE(dst->relay_master_log_file);
  TERMINATE(dst->replicate_do_db);
  TERMINATE(dst->replicate_ignore_db);
  TERMINATE(dst->replicate_do_table);
  TERMINATE(dst->replicate_ignore_table);
  TERMINATE(dst->replicate_wild_do_table);
  TERMINATE(dst->replicate_wild_ignore_table);
  TERMINATE(dst->heartbeat_advice);
}


/* max_lag_seconds + sql_delay, saturated: the configured lag allowance
   grows by MASTER_DELAY, which holds the applier back on purpose. */
static long long lag_limit(const rg_sample *s, const rg_monitor_config *c)
{
  long long delay= s->sql_delay > 0 ? s->sql_delay : 0;
  if (c->max_lag_seconds > LLONG_MAX - delay)
    return LLONG_MAX;
  return c->max_lag_seconds + delay;
}


void rg_monitor_init(rg_monitor *m)
{
  memset(m, 0, sizeof(*m));
}


/* The rules are ordered by precedence: errors first (the applier's, then
   the receiver's), then threads that are not running, then the applier's
   own delay, then lag; the first that matches names the state. A NULL
   config disables the lag rule. */
rg_conn_state rg_sample_state(const rg_sample *s, const rg_monitor_config *c)
{
  if (s->sql_running == RG_RUN_NO && s->last_sql_errno != 0)
    return RG_STATE_SQL_ERROR;
  if (s->io_running != RG_RUN_YES && s->last_io_errno != 0)
    return RG_STATE_IO_ERROR;
  if (s->io_running == RG_RUN_CONNECTING)
    return RG_STATE_CONNECTING;
  if (s->sql_running == RG_RUN_NO)
    return RG_STATE_SQL_STOPPED;
  if (s->io_running == RG_RUN_NO)
    return RG_STATE_IO_STOPPED;
  if (s->sql_remaining_delay >= 0)
    return RG_STATE_DELAYED;
  if (c && s->seconds_behind >= 0 && s->seconds_behind > lag_limit(s, c))
    return RG_STATE_LAGGING;
  return RG_STATE_OK;
}


/* Appends *e to the ring, dropping the oldest event when it is full, and
   reports it. */
static void record_event(rg_monitor *m, const rg_event *e,
                         rg_transition_cb cb, void *cb_arg)
{
  unsigned slot= (m->events_head + m->events_count) % RG_EVENT_CAPACITY;
  m->events[slot]= *e;
  if (m->events_count < RG_EVENT_CAPACITY)
    m->events_count++;
  else
    m->events_head= (m->events_head + 1) % RG_EVENT_CAPACITY;
  m->transitions++;
  if (cb)
    cb(cb_arg, &m->events[slot]);
}


static void event_init(rg_event *e, const char *name, long long now_us,
                       rg_conn_state old_state, rg_conn_state new_state)
{
  memset(e, 0, sizeof(*e));
  e->time_us= now_us;
  copy_str(e->connection_name, sizeof(e->connection_name), name,
           RG_NAME_LEN - 1);
  e->old_state= old_state;
  e->new_state= new_state;
}


static void event_text(rg_event *e, unsigned error_number, const char *text,
                       size_t text_max)
{
  e->error_number= error_number;
  copy_str(e->message, sizeof(e->message), text, text_max);
}


/* Error number and message of an event entering a state derived from the
   (stored) sample s: the server's own error for error states, a short
   text otherwise. */
static void describe_state(rg_event *e, const rg_sample *s,
                           const rg_monitor_config *c)
{
  /* A new connection says so, whatever poll first saw it, unless it is
     already failing (then its error is the news). NEW_STATE has the rest. */
  if (e->old_state == RG_STATE_ABSENT && e->new_state != RG_STATE_IO_ERROR &&
      e->new_state != RG_STATE_SQL_ERROR)
  {
    event_text(e, 0, "connection added", RG_EVENT_MSG_LEN);
    return;
  }
  switch (e->new_state) {
  case RG_STATE_IO_ERROR:
    event_text(e, s->last_io_errno, s->last_io_error, RG_ERROR_LEN);
    break;
  case RG_STATE_SQL_ERROR:
    event_text(e, s->last_sql_errno, s->last_sql_error, RG_ERROR_LEN);
    break;
  case RG_STATE_LAGGING:
    snprintf(e->message, sizeof(e->message),
             "Seconds_Behind_Master=%lld exceeds %lld", s->seconds_behind,
             lag_limit(s, c));
    break;
  case RG_STATE_DELAYED:
    snprintf(e->message, sizeof(e->message),
             "waiting for MASTER_DELAY=%lld, %lld s remaining",
             s->sql_delay, s->sql_remaining_delay);
    break;
  case RG_STATE_CONNECTING:
    event_text(e, 0, "IO thread connecting", RG_EVENT_MSG_LEN);
    break;
  case RG_STATE_IO_STOPPED:
    event_text(e, 0, "IO thread stopped", RG_EVENT_MSG_LEN);
    break;
  case RG_STATE_SQL_STOPPED:
    event_text(e, 0, "SQL thread stopped", RG_EVENT_MSG_LEN);
    break;
  default:
    event_text(e, 0, "recovered", RG_EVENT_MSG_LEN);
    break;
  }
}


/* Moves c to the state of e (which the caller filled) and records e. */
static void enter_state(rg_monitor *m, rg_conn *c, const rg_event *e,
                        rg_transition_cb cb, void *cb_arg)
{
  if (rg_state_is_failure(e->new_state) && !rg_state_is_failure(c->state))
  {
    c->failures++;
    c->failing_since_us= e->time_us;
  }
  else if (!rg_state_is_failure(e->new_state))
    c->failing_since_us= 0;
  c->state= e->new_state;
  c->state_since_us= e->time_us;
  record_event(m, e, cb, cb_arg);
}


/*
  Sorts samples by connection name into sorted[] (pointers), keeping the
  first of duplicate names and at most RG_MAX_CONNECTIONS of the samples
  given. Returns the number kept.
*/
static unsigned sort_samples(const rg_sample *samples, unsigned n_samples,
                             const rg_sample **sorted)
{
  unsigned n= 0;
  for (unsigned i= 0; i < n_samples && i < RG_MAX_CONNECTIONS; i++)
  {
    const rg_sample *s= &samples[i];
    unsigned pos= n;
    while (pos > 0 && name_cmp(sorted[pos - 1]->connection_name,
                               s->connection_name) > 0)
      pos--;
    if (pos > 0 && !name_cmp(sorted[pos - 1]->connection_name,
                             s->connection_name))
      continue;
    memmove(sorted + pos + 1, sorted + pos, (n - pos) * sizeof(*sorted));
    sorted[pos]= s;
    n++;
  }
  return n;
}


static int sample_listed(const char *name, const rg_sample **sorted,
                         unsigned n)
{
  for (unsigned i= 0; i < n; i++)
    if (!name_cmp(sorted[i]->connection_name, name))
      return 1;
  return 0;
}


/* Removes, in name order, the connections no sample lists any more. */
static unsigned remove_missing(rg_monitor *m, const rg_sample **sorted,
                               unsigned n, long long now_us,
                               rg_transition_cb cb, void *cb_arg)
{
  unsigned recorded= 0;
  unsigned i= 0;
  while (i < m->n_conns)
  {
    rg_conn *c= &m->conns[i];
    rg_event e;
    if (sample_listed(c->last.connection_name, sorted, n))
    {
      i++;
      continue;
    }
    event_init(&e, c->last.connection_name, now_us, c->state,
               RG_STATE_ABSENT);
    event_text(&e, 0, "connection removed", RG_EVENT_MSG_LEN);
    m->n_conns--;
    memmove(c, c + 1, (m->n_conns - i) * sizeof(*c));
    record_event(m, &e, cb, cb_arg);
    recorded++;
  }
  return recorded;
}


/* Index of the connection named name, or of where it would be inserted;
   *found tells which. */
static unsigned find_conn(const rg_monitor *m, const char *name, int *found)
{
  unsigned lo= 0, hi= m->n_conns;
  while (lo < hi)
  {
    unsigned mid= lo + (hi - lo) / 2;
    if (name_cmp(m->conns[mid].last.connection_name, name) < 0)
      lo= mid + 1;
    else
      hi= mid;
  }
  *found= lo < m->n_conns &&
          !name_cmp(m->conns[lo].last.connection_name, name);
  return lo;
}


/* Adds or updates the connection of sample s; returns the number of
   transitions recorded (0 or 1). The caller guarantees room for an added
   connection: remove_missing() left only connections that samples list. */
static unsigned merge_sample(rg_monitor *m, const rg_sample *s,
                             long long now_us, const rg_monitor_config *c,
                             rg_transition_cb cb, void *cb_arg)
{
  int found;
  unsigned pos= find_conn(m, s->connection_name, &found);
  rg_conn *conn= &m->conns[pos];
  rg_conn_state state= rg_sample_state(s, c);
  rg_event e;

  if (!found)
  {
    memmove(conn + 1, conn, (m->n_conns - pos) * sizeof(*conn));
    m->n_conns++;
    memset(conn, 0, sizeof(*conn));
    conn->state= RG_STATE_ABSENT;
  }
  store_sample(&conn->last, s);
  conn->last_checked_us= now_us;
  if (found && conn->state == state)
    return 0;
  event_init(&e, conn->last.connection_name, now_us, conn->state, state);
  describe_state(&e, &conn->last, c);
  enter_state(m, conn, &e, cb, cb_arg);
  return 1;
}


unsigned rg_monitor_apply(rg_monitor *m, const rg_sample *samples,
                          unsigned n_samples, long long now_us,
                          const rg_monitor_config *config,
                          rg_transition_cb cb, void *cb_arg)
{
  const rg_sample *sorted[RG_MAX_CONNECTIONS];
  unsigned n= sort_samples(samples, samples ? n_samples : 0, sorted);
  unsigned recorded= remove_missing(m, sorted, n, now_us, cb, cb_arg);

  for (unsigned i= 0; i < n; i++)
    recorded+= merge_sample(m, sorted[i], now_us, config, cb, cb_arg);
  m->polls++;
  return recorded;
}


unsigned rg_monitor_poll_failed(rg_monitor *m, long long now_us,
                                unsigned error_number, const char *message,
                                rg_transition_cb cb, void *cb_arg)
{
  unsigned recorded= 0;
  if (!message || !*message)
    message= "replica status poll failed";

  for (unsigned i= 0; i < m->n_conns; i++)
  {
    rg_conn *c= &m->conns[i];
    rg_event e;
    if (c->state == RG_STATE_UNKNOWN)
      continue;
    event_init(&e, c->last.connection_name, now_us, c->state,
               RG_STATE_UNKNOWN);
    event_text(&e, error_number, message, RG_EVENT_MSG_LEN);
    enter_state(m, c, &e, cb, cb_arg);
    recorded++;
  }
  m->polls++;
  m->poll_errors++;
  return recorded;
}


rg_server_state rg_monitor_server_state(const rg_monitor *m)
{
  rg_server_state worst= RG_SERVER_OK;
  if (m->n_conns == 0)
    return RG_SERVER_NOT_A_REPLICA;
  for (unsigned i= 0; i < m->n_conns; i++)
  {
    rg_server_state s= state_table[m->conns[i].state].server;
    if (s > worst)
      worst= s;
  }
  return worst;
}


unsigned rg_monitor_failed_count(const rg_monitor *m)
{
  unsigned n= 0;
  for (unsigned i= 0; i < m->n_conns; i++)
    if (rg_state_is_failure(m->conns[i].state))
      n++;
  return n;
}


/* Connections in RG_STATE_UNKNOWN are skipped: their last sample is from
   before the failed poll, so its lag is not known any more. */
long long rg_monitor_max_seconds_behind(const rg_monitor *m)
{
  long long max= -1;
  for (unsigned i= 0; i < m->n_conns; i++)
  {
    const rg_conn *c= &m->conns[i];
    if (c->state != RG_STATE_UNKNOWN && c->last.seconds_behind > max)
      max= c->last.seconds_behind;
  }
  return max;
}


const rg_event *rg_monitor_event(const rg_monitor *m, unsigned i)
{
  if (i >= m->events_count)
    return NULL;
  return &m->events[(m->events_head + i) % RG_EVENT_CAPACITY];
}


int rg_state_is_failure(rg_conn_state s)
{
  const rg_state_info *info= rg_state_info_of(s);
  return info && info->failure;
}


const char *rg_state_name(rg_conn_state s)
{
  const rg_state_info *info= rg_state_info_of(s);
  return info ? info->name : NULL;
}


const char *rg_server_state_name(rg_server_state s)
{
  if ((unsigned) s >= sizeof(server_state_names) / sizeof(*server_state_names))
    return NULL;
  return server_state_names[s];
}


int rg_monitor_fence_cause(const rg_monitor *m, long long now_us,
                           long long fence_after_us)
{
  for (unsigned i= 0; i < m->n_conns; i++)
  {
    const rg_conn *c= &m->conns[i];
    rg_fence_rule rule= state_table[c->state].fence;
    if (rule == RG_FENCE_AT_ONCE ||
        (rule == RG_FENCE_AFTER_DELAY && c->failing_since_us &&
         now_us - c->failing_since_us >= fence_after_us))
      return (int) i;
  }
  return -1;
}

int rg_monitor_clears_fence(const rg_monitor *m)
{
  for (unsigned i= 0; i < m->n_conns; i++)
    if (!state_table[m->conns[i].state].clears_fence)
      return 0;
  return 1;
}
