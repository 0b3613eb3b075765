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
  liplab_terminal_restore();
  _exit(130);
}

int liplab_install_sigint_handler(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = sigint_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  return sigaction(SIGINT, &action, NULL);
}

int liplab_sigint_pending(void) { return sigint_count; }

void liplab_sigint_clear(void) { sigint_count = 0; }

void liplab_sigint_set_computing(int computing) { sigint_computing = computing; }
