import Testing
@testable import EVDLGenerator

@Suite struct NamingTests {
    @Test func keywordsAreEscapedWithBackticks() {
        #expect(Naming.escaped("default") == "`default`")
        #expect(Naming.escaped("init") == "`init`")
        #expect(Naming.escaped("self") == "`self`")
        #expect(Naming.escaped("Type") == "`Type`")
        #expect(Naming.escaped("status") == "status")
        #expect(Naming.escaped("type") == "type")
    }

    @Test func localsThatWouldHideWhatGeneratedCodeNamesAreRenamed() {
        // Types the generated code writes (`Decimal(…)` widening, `Duration.seconds`, `SpecMath`, `Self`, `CommandRejection`).
        for name in ["Decimal", "Duration", "SpecMath", "Self", "CommandRejection", "Array"] { #expect(Naming.local(name) == name + "_") }
        // Locals of generated policies and sagas (`results`, `bound(…)`, `input`) and handlers (`recorded`).
        for name in ["results", "bound", "input", "recorded", "store"] { #expect(Naming.local(name) == name + "_") }
        #expect(Naming.local("total") == "total")
    }

    @Test func onlyAmbiguousMembersAreEscapedAfterADot() {
        #expect(Naming.escapedMember("default") == "default")
        #expect(Naming.escapedMember("init") == "`init`")
        #expect(Naming.escapedMember("self") == "`self`")
        #expect(Naming.escapedMember("Type") == "`Type`")
    }

    @Test func labelsAreEscapedOnlyWhenSwiftRefusesThem() {
        #expect(Naming.escapedLabel("in") == "in")
        #expect(Naming.escapedLabel("default") == "default")
        #expect(Naming.escapedLabel("inout") == "`inout`")
    }

    @Test func caseNamesAreLowerCamelCase() {
        #expect(Naming.lowerCamel("OrderPlaced") == "orderPlaced")
        #expect(Naming.lowerCamel("URLChanged") == "urlChanged")
        #expect(Naming.lowerCamel("ID") == "id")
        #expect(Naming.lowerCamel("already") == "already")
        #expect(Naming.lowerCamel("X") == "x")
    }

    @Test func duplicatesGetUnderscores() {
        #expect(Naming.unique(["foo", "foo", "bar", "foo"]) == ["foo", "foo_", "bar", "foo__"])
        #expect(Naming.unique(["state"], avoiding: ["state"]) == ["state_"])
    }

    @Test func messagesNamedLikeGeneratedMembersAreRenamed() {
        #expect(Naming.messageTypeName("State", kindSuffix: "Event") == "StateEvent")
        #expect(Naming.messageTypeName("Command", kindSuffix: "Command") == "CommandCommand")
        #expect(Naming.messageTypeName("OrderPlaced", kindSuffix: "Event") == "OrderPlaced")
    }

    @Test func localsThatClashWithGeneratedParametersAreRenamed() {
        #expect(Naming.local("command") == "command_")
        #expect(Naming.local("context") == "context_")
        #expect(Naming.local("total") == "total")
    }

    @Test func generatedFileNamesKeepTheSpecNameWithoutDirectories() {
        #expect(Naming.generatedFileName(forSpecPath: "/tmp/a/order.evdl") == "order.evdl.swift")
        #expect(Naming.generatedFileName(forSpecPath: "order.evdl") == "order.evdl.swift")
    }
}
