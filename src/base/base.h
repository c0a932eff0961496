#ifndef BASE_BASE_H
#define BASE_BASE_H

/* The public face of libbase: everything other subsystems may use. */
#include "base/buf.h"
#include "base/cfg.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/http.h"
#include "base/json.h"
#include "base/log.h"
#include "base/pool.h"
#include "base/proc.h"
#include "base/tmpdir.h"
#include "base/vlex.h"

#endif
