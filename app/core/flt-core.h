/* flt-core.h: everything the core library offers
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-aws-export.h"
#include "flt-compose-types.h"
#include "flt-diagnostic.h"
#include "flt-document.h"
#include "flt-environment.h"
#include "flt-graph.h"
#include "flt-interpolate.h"
#include "flt-network.h"
#include "flt-node.h"
#include "flt-patch.h"
#include "flt-project.h"
#include "flt-service.h"
#include "flt-tree.h"
#include "flt-volume.h"
#include "flt-workspace.h"
#include "flt-yaml-writer.h"
