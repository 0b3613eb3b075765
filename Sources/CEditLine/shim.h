/* CEditLine: libedit's histedit API for Swift.
 *
 * Swift cannot call C variadic functions, so every el_set / el_get / history() call liplab
 * needs is wrapped here in a fixed-signature `static inline` function. Nothing here has state:
 * the SIGINT flag and the saved terminal modes live in the CInterrupts target, whose one .c file
 * holds the only copy (state in a header would be copied into every unit that includes it).
 */
#ifndef LIPLAB_CEDITLINE_SHIM_H
#define LIPLAB_CEDITLINE_SHIM_H

#include <histedit.h>
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

/** el_set(EL_GETCFN): the function libedit reads each character with (1 and the character
 *  in `*c`, 0 at the end of input, -1 on error). */
typedef int (*liplab_read_function)(EditLine *, wchar_t *);
static inline int liplab_el_set_read_function(EditLine *el, liplab_read_function function) {
  return el_set(el, EL_GETCFN, function);
}

/** The CC_* return codes of editor commands, as plain values Swift can return. */
static inline unsigned char liplab_cc_refresh(void) { return CC_REFRESH; }
static inline unsigned char liplab_cc_redisplay(void) { return CC_REDISPLAY; }
static inline unsigned char liplab_cc_error(void) { return CC_ERROR; }
static inline unsigned char liplab_cc_norm(void) { return CC_NORM; }

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

#endif
