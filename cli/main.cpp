// The statuskey executable: hands its arguments to the driver and prints what it says.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/driver.hpp"

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    cli::Output output;
    output.direct = stdout;
    const int status = cli::run(args, output);
    std::fwrite(output.out.data(), 1, output.out.size(), stdout);
    std::fflush(stdout);
    std::fwrite(output.err.data(), 1, output.err.size(), stderr);
    return status;
  } catch (const std::exception& error) {
    fmt::print(stderr, "statuskey: internal error: {}\n", error.what());
    return 70;
  }
}
