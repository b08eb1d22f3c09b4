import EVDLDriver

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The whole CLI lives in EVDLDriver; this shell only connects it to the process.
exit(Driver.run(Array(CommandLine.arguments.dropFirst()), context: .process()).rawValue)
