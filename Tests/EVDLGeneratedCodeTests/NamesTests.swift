import EVDLRuntime
import Foundation
import Testing

/// The generated code of `References/names/names.evdl` (`Clash`): Swift keywords and names of generated members
/// used as spec names still work, and stored names stay the spec's.
@Suite struct NamesTests {
    let id = Fixture.id(3)

    @Test func messagesNamedLikeGeneratedMembersKeepTheirStoredNames() {
        #expect(Clash.StateEvent.typeName == "Clash.State")
        #expect(Clash.EventEvent.typeName == "Clash.Event")
        #expect(Clash.Command.command(Clash.CommandCommand(class: id, init: "x", default: .plain)).typeName == "Clash.Command")
        #expect(Clash.Event.typeNames == ["Clash.State", "Clash.Event", "Clash.Returned"])
        #expect(Kind.allCases.map(\.rawValue) == ["default", "case", "return", "plain"])
    }

    @Test func keywordFieldsAndLocalsBehave() throws {
        let command = Clash.Command.command(Clash.CommandCommand(class: id, init: "hello", default: .case))
        var state = Clash.State()
        state.func = 7
        let events = try Clash().decide(command, state: state, context: Fixture.at(0))
        #expect(events == [
            .state(Clash.StateEvent(class: id, init: "hello", typeName: "t")),
            .event(Clash.EventEvent(class: id, payload: 7)),
        ])
        #expect(throws: CommandRejection("empty command for \(id)")) {
            try Clash().decide(.command(Clash.CommandCommand(class: id, init: "", default: .plain)), state: state, context: Fixture.at(0))
        }
        let after = Clash.replay(events + [.returned(Clash.Returned(class: id, at: Event(title: "party")))])
        #expect(after.func == 7)
        #expect(after.Event == ["hello"])
        #expect(after.State == .case)
        #expect(after.context == Wrapper(self: 1, Type: .return))
        // Top-level `Event` and `Row` inside a namespace that declares its own `Event` and `Row`.
        #expect(after.calendar == [Event(title: "party")])
        #expect(after.place == .second)
        #expect(Clashes.Row(class: id).kind == .second)
    }

    @Test func projectionWithAParameterNamedLikeTheStore() async throws {
        let readModels = InMemoryReadModelStore()
        let event = Clash.StateEvent(class: id, init: "a", typeName: "t")
        let events: [Clashes.Event] = [.state(event), .state(event), .event(Clash.EventEvent(class: Fixture.id(4), payload: 9))]
        await readModels.apply(events.map { ($0, Fixture.recorded()) }, of: Clashes.self)
        #expect(try await Clashes.withCount(store: 2, in: readModels).map(\.class) == [id, Fixture.id(4)])
        #expect(try await Clashes.withCount(store: 3, in: readModels).map(\.count) == [9])
        #expect(await readModels.row(id, of: Clashes.self) == Clashes.Row(class: id, count: 2, store: "a"))
    }
}
