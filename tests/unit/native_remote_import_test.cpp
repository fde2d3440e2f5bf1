// External references and remote import (native_remote_import_suite.h) on the SQLite adapter.
#define BOOST_TEST_MODULE native_remote_import
#include <boost/test/unit_test.hpp>

#include "native_store_backends.h"

using Backend = clasp::native::test::SqliteBackend;

#include "native_remote_import_suite.h"
