import EVDLRuntime
import Foundation
import Testing

/// `Tests/DomainCorpus/booking.evdl`: nights and the weekly discount, deposits, the 48-hour cancellation rule,
/// check-in hours, a held booking reserving its room by policy, and occupancy per night.
@Suite struct BookingTests {
    let booking = Booking()
    let id = At.id(1)
    let guest = Guest(name: "Ada", email: "ada@example.com")

    func decide(_ command: Booking.Command, _ state: Booking.State = Booking.State(), at seconds: Double = 0) throws -> [Booking.Event] {
        try booking.decide(command, state: state, context: At.context(seconds))
    }

    func hold(nights: Int, arrivalDay: Double = 10, rate: String = "100") -> Booking.Command {
        .holdBooking(Booking.HoldBooking(bookingId: id, roomId: At.id(2), guest: guest, arrival: At.date(arrivalDay * At.day),
                                         departure: At.date((arrivalDay + Double(nights)) * At.day), nightlyRate: At.money(rate)))
    }

    @Test func aStayListsItsNightsAndTheSeventhIsDiscounted() throws {
        guard case .bookingHeld(let three)? = try decide(hold(nights: 3)).first else { Issue.record("not held"); return }
        #expect(three.nights == [10, 11, 12].map { At.date($0 * At.day) })
        #expect(three.total == 300)
        guard case .bookingHeld(let nine)? = try decide(hold(nights: 9, rate: "99.99")).first else { Issue.record("not held"); return }
        // 6 × 99.99 + 3 × 99.99 × 0.8 = 599.94 + 239.976 → 239.98.
        #expect(nine.nights.count == 9 && nine.total == At.money("839.92"))
        #expect(throws: CommandRejection("a stay is 1 to 28 nights, not 29")) { try decide(hold(nights: 29)) }
        #expect(throws: CommandRejection("the arrival is in the past")) { try decide(hold(nights: 2, arrivalDay: 1), at: 2 * At.day) }
    }

    @Test func cancellingIsFreeUntil48HoursBeforeArrival() throws {
        let held = Booking.replay(try decide(hold(nights: 2)))
        #expect(throws: CommandRejection("the deposit is at least 20 % of 200")) { try decide(.confirm(Booking.Confirm(bookingId: id, depositPaid: 39)), held) }
        let confirmed = Booking.replay(try decide(.confirm(Booking.Confirm(bookingId: id, depositPaid: 40)), held), from: held)
        #expect(try decide(.cancelBooking(Booking.CancelBooking(bookingId: id)), confirmed, at: 7 * At.day)
            == [.bookingCancelled(Booking.BookingCancelled(bookingId: id, refund: 40, fee: 0))])
        #expect(try decide(.cancelBooking(Booking.CancelBooking(bookingId: id)), confirmed, at: 9 * At.day)
            == [.bookingCancelled(Booking.BookingCancelled(bookingId: id, refund: 0, fee: 40))])
    }

    @Test func checkInOpensTwelveHoursBeforeArrivalAndCheckOutBillsTheRest() throws {
        var state = Booking.replay(try decide(hold(nights: 2)))
        state = Booking.replay(try decide(.confirm(Booking.Confirm(bookingId: id, depositPaid: 50)), state), from: state)
        #expect(throws: CommandRejection("check-in opens 12 hours before arrival and closes a day after")) {
            try decide(.checkIn(Booking.CheckIn(bookingId: id)), state, at: 10 * At.day - 13 * 3_600)
        }
        state = Booking.replay(try decide(.checkIn(Booking.CheckIn(bookingId: id)), state, at: 10 * At.day - 3_600), from: state)
        #expect(try decide(.checkOut(Booking.CheckOut(bookingId: id, extras: At.money("12.5"))), state, at: 12 * At.day)
            == [.guestCheckedOut(Booking.GuestCheckedOut(bookingId: id, at: At.date(12 * At.day), balanceDue: At.money("162.5")))])
    }

    @Test func aHeldBookingReservesItsRoomAndOccupancyCountsEachNight() async throws {
        let store = InMemoryEventStore()
        let rooms = Repository(aggregate: Room(), store: store)
        let bookings = Repository(aggregate: Booking(), store: store)
        let router = try CommandRouter(Room.routes(rooms) + Booking.routes(bookings))
        let policies = PolicyRunner(store: store, router: router, checkpoints: InMemoryCheckpointStore(),
                                    policies: [ReserveRoomForBooking.self], clock: ManualClock(start: At.date(0)), backoff: .immediate)
        _ = try await rooms.execute(.registerRoom(Room.RegisterRoom(roomId: At.id(2), kind: .double, nightlyRate: 100)))
        _ = try await bookings.execute(hold(nights: 3), context: At.context(0))
        // A second booking of the same room overlapping by one night.
        _ = try await bookings.execute(.holdBooking(Booking.HoldBooking(bookingId: At.id(3), roomId: At.id(2), guest: guest,
                                                                        arrival: At.date(12 * At.day), departure: At.date(14 * At.day), nightlyRate: 100)), context: At.context(0))
        try await policies.catchUp()
        let room = try await rooms.load(At.id(2)).state
        #expect(room.stays.map(\.bookingId) == [id])
        let failures = try await policies.failures()
        #expect(failures.count == 1 && failures.first?.reason == "rejected: room \(At.id(2)) is taken on 1 of those nights")
        let readModels = InMemoryReadModelStore()
        try await ProjectionRunner(store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(), projections: [NightlyOccupancy.self]).catchUp()
        #expect(await readModels.entries(of: NightlyOccupancy.self).map(\.key) == [10, 11, 12].map { At.date($0 * At.day) })
        #expect(try await NightlyOccupancy.night(night: At.date(11 * At.day), in: readModels)?.rooms == 1)
        #expect(try await NightlyOccupancy.night(night: At.date(13 * At.day), in: readModels) == nil)
    }
}
