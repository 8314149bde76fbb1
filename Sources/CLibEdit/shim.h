// libedit's native API (Debian: libedit-dev). Swift cannot call C variadic functions,
// so every el_set/el_get/history call the line editor needs is wrapped here in a
// static inline function with a fixed signature. Nothing here keeps state: static
// variables in a header would be duplicated in every translation unit that uses them.
#ifndef NNSH_CLIBEDIT_SHIM_H
#define NNSH_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <histedit.h>

/// The prompt function, e.g. `el_set(e, EL_PROMPT_ESC, f, '\1')`: text between two
/// `\1` characters is printed but takes no room (colour escapes).
typedef char *(*nnsh_prompt_fn)(EditLine *);
/// A function bound to a key with `EL_ADDFN`; returns one of the `CC_*` codes.
typedef unsigned char (*nnsh_key_fn)(EditLine *, int);

static inline int nnsh_el_set_prompt(EditLine *e, nnsh_prompt_fn f, char ignore) {
  return el_set(e, EL_PROMPT_ESC, f, ignore);
}

static inline int nnsh_el_set_editor(EditLine *e, const char *mode) {
  return el_set(e, EL_EDITOR, mode);
}

static inline int nnsh_el_set_hist(EditLine *e, History *h) {
  return el_set(e, EL_HIST, history, h);
}

static inline int nnsh_el_set_signal(EditLine *e, int on) {
  return el_set(e, EL_SIGNAL, on);
}

static inline int nnsh_el_set_clientdata(EditLine *e, void *data) {
  return el_set(e, EL_CLIENTDATA, data);
}

static inline void *nnsh_el_get_clientdata(EditLine *e) {
  void *data = NULL;
  if (el_get(e, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

static inline int nnsh_el_set_getcfn(EditLine *e, el_rfunc_t f) {
  return el_set(e, EL_GETCFN, f);
}

static inline int nnsh_el_addfn(EditLine *e, const char *name, const char *help, nnsh_key_fn f) {
  return el_set(e, EL_ADDFN, name, help, f);
}

/// `bind KEY COMMAND`, e.g. `nnsh_el_bind(e, "^R", "em-inc-search-prev")`.
static inline int nnsh_el_bind(EditLine *e, const char *key, const char *command) {
  return el_set(e, EL_BIND, key, command, (const char *)NULL);
}

/// Puts the terminal in editing (1) or normal (0) mode, as after a SIGCONT.
static inline int nnsh_el_prep_term(EditLine *e, int on) {
  return el_set(e, EL_PREP_TERM, on);
}

static inline int nnsh_el_refresh(EditLine *e) {
  return el_set(e, EL_REFRESH);
}

// MARK: history

static inline int nnsh_history_setsize(History *h, HistEvent *ev, int size) {
  return history(h, ev, H_SETSIZE, size);
}

static inline int nnsh_history_setunique(History *h, HistEvent *ev, int on) {
  return history(h, ev, H_SETUNIQUE, on);
}

static inline int nnsh_history_enter(History *h, HistEvent *ev, const char *line) {
  return history(h, ev, H_ENTER, line);
}

static inline int nnsh_history_load(History *h, HistEvent *ev, const char *path) {
  return history(h, ev, H_LOAD, path);
}

static inline int nnsh_history_save(History *h, HistEvent *ev, const char *path) {
  return history(h, ev, H_SAVE, path);
}

/// Writes the history to an open stream (the caller syncs and closes it: the history
/// file is replaced atomically, see HistoryFile.replace).
static inline int nnsh_history_save_fp(History *h, HistEvent *ev, FILE *fp) {
  return history(h, ev, H_SAVE_FP, fp);
}

static inline int nnsh_history_clear(History *h, HistEvent *ev) {
  return history(h, ev, H_CLEAR);
}

/// The oldest entry (`H_LAST`); then `nnsh_history_prev` walks towards the newest.
static inline int nnsh_history_last(History *h, HistEvent *ev) {
  return history(h, ev, H_LAST);
}

static inline int nnsh_history_prev(History *h, HistEvent *ev) {
  return history(h, ev, H_PREV);
}

static inline int nnsh_history_getsize(History *h, HistEvent *ev) {
  return history(h, ev, H_GETSIZE);
}

#endif
