import Testing
@testable import EVDLSema
import EVDLSyntax
import EVDLTestSupport

/// A projection and services over the prelude's `Cart`, for the tests of projections over several rows and of
/// policies that act on service results.
private let flowPrelude = """
type Tagged { tags: [String], maybe: String? }
aggregate Post {
  id postId: UUID
  command Publish creates { tags: [String], count: Int }
  event Published { tags: [String], count: Int, lead: String? }
  decide Publish { emit Published { tags, count, lead: nil } }
}
service Pay {
  command Charge { cartId: UUID } -> { transactionId: String }
  command Log { text: String }
}

"""

/// One test per new code of existence, projections over several rows, recorded metadata and policies acting on
/// service results (`EVDL0414`–`EVDL0419`, `EVDL0605`–`EVDL0607`), each with the place marked in the spec.
@Suite struct FlowDiagnosticsTests {
    // MARK: existence

    @Test func createsOnAServiceCommandBuiltByHand() throws {
        // The parser refuses `creates` on a service command (EVDL0119); a tree built by hand is checked too.
        let source = MarkedSource("service Pay {\n  command Charge «creates» { amount: Decimal }\n}\n")
        let (sources, id) = source.sourceManager()
        var spec = EVDLParser.parse(sources[id]).spec
        guard case .service(var service) = spec.declarations[0] else { Issue.record("not a service"); return }
        let span = Span(file: id, start: source.mark.lowerBound, end: source.mark.upperBound)
        service.commands[0].existence = .creates
        service.commands[0].existenceSpan = span
        spec.declarations[0] = .service(service)
        let result = SemanticAnalyzer.check([spec], sources: sources)
        let d = try #require(result.diagnostics.first { $0.code.rawValue == "EVDL0414" })
        #expect(d.span == span)
        #expect(d.message == "`creates` on the service command `Pay.Charge`")
        #expect(d.help?.contains("remove `creates`") == true)
    }

    @Test func aScenarioWithoutGivenCannotExpectACommandOnAnExistingAggregateToBeAccepted() {
        expectDiagnostic("EVDL0415", in: """
        scenario "close a cart never opened" {
          when «Cart.Close» { cartId: id(1) }
          then Cart.Closed { cartId: id(1) }
        }
        """, words: ["`Cart.Close` needs an existing `Cart`, but the scenario has no `given` events", "declare the command `creates`",
                     "the scenario expects another outcome here"])
        expectDiagnostic("EVDL0415", in: """
        scenario "close a cart never opened" {
          when «Cart.Close» { cartId: id(1) }
          then rejected "closed"
        }
        """, words: ["needs an existing `Cart`", "without a message"])
    }

    @Test func aScenarioExpectingTheRejectionIsFine() {
        let checked = analyze(prelude + "scenario \"x\" {\n  when Cart.Close { cartId: id(1) }\n  then rejected\n}\n")
        #expect(checked.errors.isEmpty, "\(checked.summary)")
    }

    @Test func aScenarioCannotCreateAnAggregateItsGivenEventsCreated() {
        expectDiagnostic("EVDL0416", in: flowPrelude + """
        scenario "publish twice" {
          given Post.Published { postId: id(1), tags: [], count: 0, lead: nil }
          when «Post.Publish» { postId: id(1), tags: [], count: 1 }
          then nothing
        }
        """, words: ["`Post.Publish` creates its `Post`, but the `given` events already created it", "`creates if missing`"])
    }

    // MARK: projections

    @Test func anOptionalKeyIsRefusedWithTheForInHelp() {
        expectDiagnostic("EVDL0417", in: flowPrelude + """
        projection TagCounts {
          key tag: String
          row { posts: Int = 0 }
          on Post.Published key «event.tags[0]» { posts += 1 }
        }
        """, words: ["a row key cannot be optional, found `String?`", "for tag in event.tags key tag"])
    }

    @Test func anOptionalFieldAsKeyIsRefused() {
        expectDiagnostic("EVDL0417", in: flowPrelude + """
        projection Leads {
          key lead: String
          row { posts: Int = 0 }
          on Post.Published key «event.lead» { posts += 1 }
        }
        """, words: ["a row key cannot be optional", "`key event.x ?? …`"])
    }

    @Test func forInNeedsACollection() {
        expectDiagnostic("EVDL0418", in: flowPrelude + """
        projection Counts {
          key count: Int
          row { posts: Int = 0 }
          on Post.Published for n in «event.count» key n { posts += 1 }
        }
        """, words: ["`for … in` needs an array, found `Int`"])
    }

    @Test func theElementMayNotHideARowField() {
        expectDiagnostic("EVDL0419", in: flowPrelude + """
        projection TagCounts {
          key tag: String
          row { posts: Int = 0 }
          on Post.Published for «posts» in event.tags key posts { }
        }
        """, words: ["the element `posts` hides the row field `posts`", "another name"])
    }

    @Test func severalHandlersOfOneEventThatDifferAreAllowedAndTheSameOneTwiceIsNot() {
        let checked = analyze(flowPrelude + """
        projection TagCounts {
          key tag: String
          row { posts: Int = 0, last: Int = 0 }
          on Post.Published for tag in event.tags key tag { posts += 1; last = recorded.position }
          on Post.Published for tag in event.tags key tag where event.count > 1 { posts += 1 }
          query one(tag: String) -> TagCounts? where row.tag == tag
        }
        """)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
        let d = expectDiagnostic("EVDL0207", in: flowPrelude + """
        projection TagCounts {
          key tag: String
          row { posts: Int = 0 }
          on Post.Published for tag in event.tags key tag { posts += 1 }
          on «Post.Published» for tag in event.tags key tag { posts += 2 }
        }
        """, words: ["more than one `on` for `Post.Published` with the same rows", "tell them apart with `for`, `key` or `where`"])
        #expect(d?.help?.contains("merge the two blocks into one") == true)
    }

    @Test func recordedIsReadOnlyAndKnowsItsMembers() {
        expectDiagnostic("EVDL0209", in: flowPrelude + """
        projection Versions {
          key postId: UUID
          row { version: Int = 0 }
          on Post.Published { version = recorded.«streamNumber» }
        }
        """, words: ["has no field `streamNumber`"])
        let checked = analyze(flowPrelude + """
        projection Versions {
          key postId: UUID
          row { version: Int = 0, at: Date? = nil, id: UUID? = nil, cause: UUID? = nil }
          on Post.Published { version = recorded.version + recorded.position; at = recorded.timestamp; id = recorded.eventID; cause = recorded.causationID ?? recorded.correlationID }
        }
        """)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
    }

    // MARK: policies

    @Test func aDelayedSendCannotBindItsResult() throws {
        let d = expectDiagnostic("EVDL0605", in: flowPrelude + "policy P {\n  on Cart.Opened\n  after 5m send Pay.Charge { cartId: event.cartId } as «charge»\n}\n",
                                 words: ["`after … send` cannot bind its result to `charge`", "remove `as charge`"])
        #expect(d != nil)
    }

    @Test func aCommandWithoutResultCannotBeBound() {
        expectDiagnostic("EVDL0606", in: flowPrelude + """
        policy P {
          on Cart.Opened
          send Pay.Log { text: "opened" } as «logged»
        }
        """, words: ["`Pay.Log` returns no result to bind"])
    }

    @Test func aResultIsBoundOnce() {
        expectDiagnostic("EVDL0607", in: flowPrelude + """
        policy P {
          on Cart.Opened
          send Pay.Charge { cartId: event.cartId } as charge
          send Pay.Charge { cartId: event.cartId } as «charge»
        }
        """, words: ["`charge` is bound twice in this policy", "first bound here"])
    }

    @Test func aResultIsReadOnlyAfterItsSend() {
        expectDiagnostic("EVDL0507", in: flowPrelude + """
        policy P {
          on Cart.Opened
          send Pay.Log { text: «charge».transactionId }
          send Pay.Charge { cartId: event.cartId } as charge
        }
        """, words: ["bound by a later send; sends run in written order"])
        let checked = analyze(prelude + flowPrelude + """
        policy P {
          on Cart.Opened
          send Pay.Charge { cartId: event.cartId } as charge
          send Pay.Log { text: "\\(charge.transactionId) for \\(recorded.eventID)" }
        }
        """)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
    }
}
