// libedit's native API (Debian: libedit-dev). Swift cannot call C variadic functions,
// so every el_set/el_get/history call the line editor needs is wrapped here in a
// static inline function with a fixed signature.
#include <stdio.h>
#include <histedit.h>
