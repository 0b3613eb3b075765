/* The one copy of the SIGINT state; see include/interrupts.h. */
#include "interrupts.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t sigint_count = 0;
static volatile sig_atomic_t sigint_computing = 0;
/* The terminal modes saved by liplab_terminal_quiet, restored before a forced exit. */
static struct termios saved_modes;
static volatile sig_atomic_t saved_modes_fd = -1;

void liplab_terminal_quiet(int fd) {
  if (tcgetattr(fd, &saved_modes) != 0) return;
  struct termios quiet = saved_modes;
  quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOCTL);
  saved_modes_fd = fd;
  tcsetattr(fd, TCSANOW, &quiet);
}

void liplab_terminal_restore(void) {
  int fd = saved_modes_fd;
  if (fd < 0) return;
  tcsetattr(fd, TCSANOW, &saved_modes);
  saved_modes_fd = -1;
}

/* Counts the press. A computation that ignores the first press gets a warning on the second
 * and ends the process (status 130) on the third. Only async-signal-safe calls here. */
static void sigint_handler(int signal_number) {
  (void)signal_number;
  sigint_count += 1;
  if (!sigint_computing || sigint_count < liplab_sigint_forced_exit - 1) return;
  if (sigint_count == liplab_sigint_forced_exit - 1) {
    static const char warning[] = "\nliplab: still working; press Ctrl-C again to quit liplab\n";
    ssize_t ignored = write(STDERR_FILENO, warning, sizeof warning - 1);
    (void)ignored;
    return;
  }
  static const char message[] = "\nliplab: interrupted\n";
  ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
  (void)ignored;
  liplab_terminal_bracketed_paste(-1, 0);
  liplab_terminal_restore();
  _exit(130);
}

/* The descriptor on which bracketed paste is on (ESC[?2004h written), or -1. */
static volatile sig_atomic_t bracketed_paste_fd = -1;
static const char paste_on[] = "\033[?2004h", paste_off[] = "\033[?2004l";

void liplab_terminal_bracketed_paste(int fd, int on) {
  if (on && bracketed_paste_fd < 0) {
    ssize_t ignored = write(fd, paste_on, sizeof paste_on - 1);
    (void)ignored;
    bracketed_paste_fd = fd;
  } else if (!on && bracketed_paste_fd >= 0) {
    int was = bracketed_paste_fd;
    bracketed_paste_fd = -1;
    ssize_t ignored = write(was, paste_off, sizeof paste_off - 1);
    (void)ignored;
  }
}

/* SIGTERM, SIGQUIT, SIGHUP: the terminal as it was (echo back on, bracketed paste off), then the
 * signal again with its default action, so the process ends as the sender meant (Ctrl-\ dumps
 * core where core dumps are on) without the runtime's crash report. */
static void fatal_signal_handler(int signal_number) {
  liplab_terminal_bracketed_paste(-1, 0);
  liplab_terminal_restore();
  signal(signal_number, SIG_DFL);
  raise(signal_number); /* blocked until this handler returns, then delivered */
}

/* An action running `handler`, with no flags: in particular not SA_RESTART. */
static struct sigaction action_running(void (*handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  return action;
}

int liplab_install_fatal_signal_handlers(void) {
  struct sigaction action = action_running(fatal_signal_handler);
  const int signals[] = {SIGTERM, SIGQUIT, SIGHUP};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    struct sigaction old;
    if (sigaction(signals[i], NULL, &old) != 0) return -1;
    if (old.sa_handler == SIG_IGN) continue; /* nohup, a background job: stays ignored */
    if (sigaction(signals[i], &action, NULL) != 0) return -1;
  }
  return 0;
}

int liplab_install_sigint_handler(void) {
  struct sigaction action = action_running(sigint_handler);
  return sigaction(SIGINT, &action, NULL);
}

int liplab_sigint_pending(void) { return sigint_count; }

void liplab_sigint_clear(void) { sigint_count = 0; }

void liplab_sigint_set_computing(int computing) { sigint_computing = computing; }
