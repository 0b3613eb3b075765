/* CInterrupts: the SIGINT flag of the liplab REPL and the terminal modes restored on a forced
 * exit. A signal handler may only touch `volatile sig_atomic_t` state and call
 * async-signal-safe functions, so this part of liplab is C; Swift reads the flag through these
 * functions. The state is defined once, in interrupts.c.
 */
#ifndef LIPLAB_CINTERRUPTS_H
#define LIPLAB_CINTERRUPTS_H

/** Ctrl-C presses during one computation after which liplab gives up waiting and exits (130). */
enum { liplab_sigint_forced_exit = 3 };

/** Installs the handler WITHOUT SA_RESTART, so a blocking read() returns EINTR. 0 on success. */
int liplab_install_sigint_handler(void);

/** Number of Ctrl-C presses since the last liplab_sigint_clear(). */
int liplab_sigint_pending(void);

/** Forgets earlier presses. */
void liplab_sigint_clear(void);

/** Marks whether a statement is running (a second press then warns, a third ends the process). */
void liplab_sigint_set_computing(int computing);

/** Stops the terminal on `fd` echoing while a statement runs, so keys typed ahead appear once,
 *  at the next prompt, and Ctrl-C leaves no `^C`. Does nothing when `fd` is not a terminal. */
void liplab_terminal_quiet(int fd);

/** Restores the modes saved by liplab_terminal_quiet (async-signal-safe). */
void liplab_terminal_restore(void);

/** Turns the terminal's bracketed paste on (`ESC[?2004h` written to `fd`) or off (`ESC[?2004l`
 *  to the descriptor it was turned on for; `fd` is then ignored). Async-signal-safe. */
void liplab_terminal_bracketed_paste(int fd, int on);

/** Installs handlers for SIGTERM, SIGQUIT and SIGHUP that restore the terminal (the modes saved
 *  by liplab_terminal_quiet, bracketed paste off) and re-raise the signal with its default
 *  action; a signal the process ignores (nohup) stays ignored. 0 on success. */
int liplab_install_fatal_signal_handlers(void);

#endif
