import EVDLSyntax
import EVDLTestSupport
import Testing

/// Checks that the spans the checker will point at cover exactly the marked text.
@Suite("Spans of tree nodes")
struct SpanTests {
    @Test("statement, expression, message literal and argument spans")
    func decideSpans() {
        let source = MarkedSource("""
        aggregate A {
          decide X {
            «require «a + «b»» else "no"»
            «emit «E» { «x: 1», «y» }»
          }
        }
        """)
        let (file, result) = parse(source.text)
        #expect(result.diagnostics.isEmpty)
        guard case .aggregate(let a)? = result.spec.declarations.first, let body = a.decides.first?.body,
              case .require(let condition, _) = body.statements[0].kind,
              case .binary(_, _, let right) = condition.kind,
              case .emit(let message) = body.statements[1].kind
        else {
            Issue.record("unexpected tree: \(TreePrinter.print(result.spec))")
            return
        }
        let spans = [body.statements[0].span, condition.span, right.span, body.statements[1].span, message.name.span,
                     message.arguments[0].span, message.arguments[1].span]
        #expect(spans.map { $0.start..<$0.end }.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) } == source.marks)
        #expect(file.text(of: message.span) == "E { x: 1, y }")
    }

    @Test("saga step, clause values and policy send spans")
    func flowSpans() {
        let source = MarkedSource("""
        saga S {
          «step s {
            invoke «P.C» { } as «r»
            «retry 3»
            timeout «30s»
          }»
        }
        policy P {
          on «A.E»
          «after 5m send B.C { }»
        }
        """)
        let (_, result) = parse(source.text)
        #expect(result.diagnostics.isEmpty)
        guard case .saga(let saga)? = result.spec.declarations.first, let step = saga.steps.first,
              case .policy(let policy)? = result.spec.declarations.last,
              case .times(_, let retrySpan)? = step.retry
        else {
            Issue.record("unexpected tree")
            return
        }
        var spans: [Span] = [step.span]
        spans += [step.invoke?.name.span, step.binding?.span, step.timeout?.span, policy.trigger?.span, policy.sends.first?.span].compactMap { $0 }
        spans.append(retrySpan)
        #expect(spans.map { $0.start..<$0.end }.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
                == source.marks)
    }
}
