// Entry point of the runtime test suite.
#define BOOST_TEST_MODULE runtime
#include <boost/test/unit_test.hpp>
