import Testing
@testable import PromQL

@Suite("Function table")
struct FunctionTableTests {
    // Prometheus: TestFunctionList (promql/functions_test.go) checks the parser's and the engine's
    // tables name the same functions.
    @Test("every signature has an implementation and every implementation a signature")
    func sameNames() {
        let signatures = Set(FunctionSignatures.all.map(\.name))
        let implementations = Set(FunctionTable.names)
        #expect(signatures.subtracting(implementations).sorted() == [])
        #expect(implementations.subtracting(signatures).sorted() == [])
    }

    @Test("the table holds all 70 functions of Prometheus 2.42's FunctionCalls")
    func count() {
        #expect(FunctionTable.names.count == 70)
    }
}
