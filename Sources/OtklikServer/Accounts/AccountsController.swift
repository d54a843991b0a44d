import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// First run (create the owner), sign-in and sign-out, and the user's own account page.
struct AccountsController {
    let pages: Pages
    let accounts: AccountService
    let catalog: Catalog
    let referenceData: ReferenceDataService
    let store: any Store

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/") { request, context in
            let page = pages.page(request, context)
            if try await accounts.needsSetup() { return page.redirect(to: .setup) }
            return page.redirect(to: context.signedIn == nil ? .login() : .dashboard())
        }

        router.get("/setup") { request, context in
            let page = pages.page(request, context)
            guard try await accounts.needsSetup() else { return page.redirect(to: .login()) }
            return page.respond(AccountPages.setup(page, form: .init(pairs: []), problems: []))
        }
        router.post("/setup") { request, context in
            let page = pages.page(request, context)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            guard try await accounts.needsSetup() else { return page.redirect(to: .login()) }
            var problems: [FieldProblem] = []
            var organisation = form["organisation"] ?? ""
            NameRule.check(&organisation, field: "organisation", into: &problems)
            if form.raw("password") != form.raw("password_again") {
                problems.append(FieldProblem(field: "password_again", code: "mismatch", message: "the passwords differ"))
            }
            do {
                let owner = try await accounts.createUser(
                    email: form["email"] ?? "", name: form["name"] ?? "", role: .owner,
                    password: form.raw("password") ?? "", locale: page.locale, otherProblems: problems)
                var settings = catalog.snapshot.organisation
                settings.name = organisation
                settings.defaultLocale = page.locale
                _ = try await referenceData.saveOrganisation(settings)
                let (_, secret) = try await accounts.startSession(for: owner, now: Date())
                return page.redirect(to: .dashboard(), cookies: [page.sessionCookie(secret)])
            } catch AccountService.Failure.invalid(let problems) {
                return page.respond(AccountPages.setup(page, form: form, problems: problems), status: .unprocessableContent)
            }
        }

        router.get("/login") { request, context in
            let page = pages.page(request, context)
            if try await accounts.needsSetup() { return page.redirect(to: .setup) }
            if context.signedIn != nil { return page.redirect(toPath: Self.safeNext(page.currentQuery["next"])) }
            return page.respond(AccountPages.login(page, email: "", next: page.currentQuery["next"], message: nil))
        }
        router.post("/login") { request, context in
            let page = pages.page(request, context)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let email = form["email"] ?? ""
            do {
                let (_, _, secret) = try await accounts.signIn(email: email, password: form.raw("password") ?? "")
                return page.redirect(toPath: Self.safeNext(form["next"]), cookies: [page.sessionCookie(secret)])
            } catch let failure as AccountService.Failure {
                let message: String
                switch failure {
                case .locked(let until):
                    let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
                    message = page.strings[.loginLocked] + " " + page.strings.count(minutes, .minute) + "."
                default:
                    message = page.strings[.loginWrong]
                }
                return page.respond(
                    AccountPages.login(page, email: email, next: form["next"], message: message),
                    status: .unauthorized)
            }
        }

        router.post("/logout") { request, context in
            let page = pages.page(request, context)
            let form = try await FormData.read(request)
            if let signedIn = context.signedIn {
                try page.verify(form, request: request)
                try await accounts.signOut(signedIn)
            }
            return page.redirect(to: .login(), cookies: [page.expiredSessionCookie()])
        }

        router.get("/app/account") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let notice: TextKey? =
                switch page.currentQuery["saved"] {
                case "password": .passwordChanged
                case "language": .saved
                default: nil
                }
            return page.respond(AccountPages.account(page, user: signedIn.user, problems: [], notice: notice))
        }
        router.post("/app/account") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            if form["action"] == "language", let locale = form["locale"].flatMap(LocalizedText.Locale.init(rawValue:)) {
                var user = signedIn.user
                user.locale = locale
                _ = try await store.saveUser(user)
                // The language cookie would win over the account's language: the account's choice replaces it.
                return page.redirect(
                    toPath: SiteURL.account.path + "?saved=language",
                    cookies: [
                        Cookie(
                            name: PageContext.languageCookie, value: locale.rawValue, maxAge: 365 * 86_400,
                            path: "/", secure: page.secure, httpOnly: true, sameSite: .lax)
                    ])
            }
            do {
                if form.raw("new_password") != form.raw("new_password_again") {
                    throw AccountService.Failure.invalid([
                        FieldProblem(field: "new_password_again", code: "mismatch", message: "the passwords differ")
                    ])
                }
                try await accounts.changePassword(
                    signedIn, current: form.raw("current_password") ?? "",
                    new: form.raw("new_password") ?? "")
                return page.redirect(toPath: SiteURL.account.path + "?saved=password")
            } catch AccountService.Failure.invalid(let problems) {
                return page.respond(
                    AccountPages.account(page, user: signedIn.user, problems: problems, notice: nil),
                    status: .unprocessableContent)
            }
        }
    }

    /// Only a path of this site may follow sign-in (never another site: an open redirect is a phishing
    /// tool). Browsers drop tabs and line breaks from a URL and read `\` as `/`, so `/<TAB>/evil.example`
    /// would be `//evil.example`: anything but visible ASCII is refused, except letters outside ASCII
    /// (a search for «мастер»), which are percent-encoded. The query string is kept.
    static func safeNext(_ next: String?) -> String {
        let fallback = SiteURL.dashboard().path
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/login"), next.utf8.count <= 2048
        else { return fallback }
        var safe = ""
        for scalar in next.unicodeScalars {
            if scalar.isASCII {
                guard scalar.value > 0x20, scalar.value < 0x7F, scalar != "\\" else { return fallback }
                safe.unicodeScalars.append(scalar)
            } else {
                guard !scalar.properties.isWhitespace, scalar.properties.generalCategory != .control,
                    scalar.properties.generalCategory != .format
                else { return fallback }
                for byte in String(scalar).utf8 { safe += "%" + String(byte, radix: 16, uppercase: true) }
            }
        }
        return safe
    }
}
