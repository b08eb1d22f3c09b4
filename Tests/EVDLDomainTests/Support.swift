import EVDLRuntime
import Foundation

/// Fixed ids, dates and command contexts for the domain corpus tests.
enum At {
    /// A UUID whose last digits are `n`.
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    /// A date `seconds` after the reference date.
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }

    /// A command context at `seconds`.
    static func context(_ seconds: Double) -> CommandContext { CommandContext(now: date(seconds)) }

    /// One day in seconds.
    static let day: Double = 86_400

    /// An exact decimal from its spelling.
    static func money(_ text: String) -> Decimal { Decimal(string: text)! }
}
