import Foundation

/// The OpenAPI 3.1 description of the HTTP API (`Resources/openapi.json`), served at
/// `/openapi.json`. Tests hold the routes to it, and schemathesis checks live answers against it.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"openapi":"3.1.0","info":{"title":"missing","version":"0"},"paths":{}}"#.utf8) }
        return Array(data)
    }()
}
