/* CEditLine: libedit's histedit API for Swift, plus the SIGINT flag of the liplab REPL.
 *
 * Swift cannot call C variadic functions, so every el_set / el_get / history() call liplab
 * needs is wrapped here in a fixed-signature `static inline` function. The second half holds
 * the interrupt flag: a signal handler may only touch a `volatile sig_atomic_t`, so the flag
 * lives in C and Swift reads it through accessor functions.
 *
 * NOTE: everything here is `static`, so each Swift *file* that calls one of these functions
 * gets its own copy (in debug builds every Swift file is a separate translation unit). The
 * handler, its installer and the flag accessors must therefore be called from ONE Swift file
 * (Sources/liplab/Interrupts.swift), so the handler and the readers share one flag.
 */
#ifndef LIPLAB_CEDITLINE_SHIM_H
#define LIPLAB_CEDITLINE_SHIM_H

#include <histedit.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* ---- libedit: editor settings ---------------------------------------------------------- */

/** el_init on the process's standard streams; the editor draws on stderr when `draw_on_stderr`
 *  (used when stdout is redirected, so prompts do not end up in the output file). */
static inline EditLine *liplab_el_init(const char *program, int draw_on_stderr) {
  return el_init(program, stdin, draw_on_stderr ? stderr : stdout, stderr);
}

/** The prompt callback: returns the prompt to draw (must stay valid until the next call). */
typedef char *(*liplab_prompt_function)(EditLine *);
/** An editor command bound to a key (EL_ADDFN); returns a CC_* code. */
typedef unsigned char (*liplab_editor_function)(EditLine *, int);

/** el_set(EL_PROMPT): the function libedit calls for the prompt of every line. */
static inline int liplab_el_set_prompt(EditLine *el, liplab_prompt_function prompt) {
  return el_set(el, EL_PROMPT, prompt);
}

/** el_set(EL_EDITOR): "emacs" or "vi" key bindings. */
static inline int liplab_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

/** el_set(EL_SIGNAL): let libedit restore the terminal around signals that arrive in el_gets. */
static inline int liplab_el_set_signal(EditLine *el, int on) {
  return el_set(el, EL_SIGNAL, on);
}

/** el_set(EL_HIST): up/down arrows browse `history`. */
static inline int liplab_el_set_history(EditLine *el, History *history_) {
  return el_set(el, EL_HIST, history, history_);
}

/** el_set(EL_ADDFN): registers an editor command `name` implemented by `function`. */
static inline int liplab_el_add_function(EditLine *el, const char *name, const char *help,
                                         liplab_editor_function function) {
  return el_set(el, EL_ADDFN, name, help, function);
}

/** el_set(EL_BIND): binds `key` (e.g. "^I") to the editor command `command`. */
static inline int liplab_el_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

/** el_set(EL_CLIENTDATA): the pointer callbacks use to reach the REPL's state. */
static inline int liplab_el_set_client_data(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

/** el_get(EL_CLIENTDATA): the pointer stored by liplab_el_set_client_data, or NULL. */
static inline void *liplab_el_client_data(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

/** The CC_* return codes of editor commands, as plain values Swift can return. */
static inline unsigned char liplab_cc_refresh(void) { return CC_REFRESH; }
static inline unsigned char liplab_cc_redisplay(void) { return CC_REDISPLAY; }
static inline unsigned char liplab_cc_error(void) { return CC_ERROR; }

/* ---- libedit: history ---------------------------------------------------------------- */

/** history(H_SETSIZE): keep at most `size` entries. */
static inline int liplab_history_set_size(History *h, int size) {
  HistEvent event;
  return history(h, &event, H_SETSIZE, size);
}

/** history(H_SETUNIQUE): do not enter a line equal to the previous one. */
static inline int liplab_history_set_unique(History *h, int unique) {
  HistEvent event;
  return history(h, &event, H_SETUNIQUE, unique);
}

/** history(H_ENTER): appends `line` as the newest entry. */
static inline int liplab_history_enter(History *h, const char *line) {
  HistEvent event;
  return history(h, &event, H_ENTER, line);
}

/** history(H_LOAD): reads entries saved by H_SAVE; -1 when the file cannot be read. */
static inline int liplab_history_load(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_LOAD, path);
}

/** history(H_SAVE): writes every entry to `path`; -1 when the file cannot be written. */
static inline int liplab_history_save(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_SAVE, path);
}

/* ---- terminal ------------------------------------------------------------------------ */

/** Columns of the terminal on `fd` (TIOCGWINSZ), or 0 when `fd` is not a terminal. */
static inline int liplab_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

/* ---- SIGINT -------------------------------------------------------------------------- */

/** State shared by the SIGINT handler and the REPL (see the NOTE at the top of this file). */
static volatile sig_atomic_t liplab_sigint_count = 0;
static volatile sig_atomic_t liplab_sigint_computing = 0;
/** The terminal modes saved by liplab_terminal_quiet, restored before a forced exit. */
static struct termios liplab_saved_modes = {0};
static volatile sig_atomic_t liplab_saved_modes_fd = -1;

/** Stops the terminal on `fd` echoing while a statement runs, so keys typed ahead appear once,
 *  at the next prompt, and Ctrl-C leaves no `^C`. Does nothing when `fd` is not a terminal. */
static inline void liplab_terminal_quiet(int fd) {
  if (tcgetattr(fd, &liplab_saved_modes) != 0) return;
  struct termios quiet = liplab_saved_modes;
  quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOCTL);
  liplab_saved_modes_fd = fd;
  tcsetattr(fd, TCSANOW, &quiet);
}

/** Restores the modes saved by liplab_terminal_quiet (async-signal-safe). */
static inline void liplab_terminal_restore(void) {
  int fd = liplab_saved_modes_fd;
  if (fd < 0) return;
  tcsetattr(fd, TCSANOW, &liplab_saved_modes);
  liplab_saved_modes_fd = -1;
}

/** Ctrl-C presses during one computation after which liplab gives up waiting and exits. */
enum { liplab_sigint_forced_exit = 3 };

/** Counts the press. A computation that ignores the first press gets a warning on the second
 *  and ends the process (status 130) on the third. Only async-signal-safe calls here. */
static void liplab_sigint_handler(int signal_number) {
  (void)signal_number;
  liplab_sigint_count += 1;
  if (!liplab_sigint_computing || liplab_sigint_count < liplab_sigint_forced_exit - 1) return;
  if (liplab_sigint_count == liplab_sigint_forced_exit - 1) {
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

/** Installs the handler WITHOUT SA_RESTART, so a blocking read() returns EINTR. 0 on success. */
static inline int liplab_install_sigint_handler(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = liplab_sigint_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  return sigaction(SIGINT, &action, NULL);
}

/** Number of Ctrl-C presses since the last liplab_sigint_clear(). */
static inline int liplab_sigint_pending(void) { return liplab_sigint_count; }

/** Forgets earlier presses. */
static inline void liplab_sigint_clear(void) { liplab_sigint_count = 0; }

/** Marks whether a statement is running (a second press then warns, a third ends the process). */
static inline void liplab_sigint_set_computing(int computing) {
  liplab_sigint_computing = computing;
}

#endif
