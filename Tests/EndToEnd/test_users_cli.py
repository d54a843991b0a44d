"""`otklik user`: accounts from the command line, with the password on standard input and clear errors."""
from conftest import run


def test_user_add_list_and_password(tmp_path):
    directory = str(tmp_path / "data")
    run("migrate", "--data-dir", directory)
    added = run("user", "add", "--data-dir", directory, "--email", "Owner@Cafe.ru", "--name", "Ирина", "--role", "owner",
                input="a long enough password\n")
    assert "created user 1 owner@cafe.ru (owner)" in added.stdout
    listed = run("user", "list", "--data-dir", directory)
    assert "owner@cafe.ru\towner\tИрина" in listed.stdout
    changed = run("user", "password", "--data-dir", directory, "--email", "owner@cafe.ru", input="another long password\n")
    assert "password changed" in changed.stdout


def test_user_add_refuses_bad_input_with_a_clear_line(tmp_path):
    directory = str(tmp_path / "data")
    run("migrate", "--data-dir", directory)
    cases = [
        (["--email", "x@y.ru", "--name", "X", "--role", "boss"], "a long enough password\n", "--role boss"),
        (["--email", "not-an-email", "--name", "X", "--role", "analyst"], "a long enough password\n", "--email"),
        (["--email", "x@y.ru", "--name", "X", "--role", "analyst"], "short\n", "--password"),
        (["--email", "x@y.ru", "--name", "X", "--role", "manager"], "a long enough password\n", "--location-ids"),
        (["--email", "x@y.ru", "--name", "X", "--role", "manager", "--locations", "99"], "a long enough password\n", "no location 99"),
        (["--email", "x@y.ru", "--name", "X", "--role", "analyst"], "", "no password"),
    ]
    for arguments, password, message in cases:
        result = run("user", "add", "--data-dir", directory, *arguments, input=password, check=False)
        assert result.returncode != 0, arguments
        assert message in result.stderr, (arguments, result.stderr)
    assert run("user", "list", "--data-dir", directory).stdout == ""
