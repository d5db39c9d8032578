package io.corral.node;

import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion in env values, commands and arguments: {@code $(NAME)}
 * becomes the variable's value when it is defined and stays as written when not; {@code $$} is an
 * escaped {@code $}; any other {@code $} is kept.
 */
final class VariableExpansion {
    private VariableExpansion() {
    }

    /**
     * @param input   the text; non-null
     * @param lookup  the value of a name, or null when undefined
     */
    static String expand(String input, Function<String, String> lookup) {
        if (input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(input, i, n); // unterminated: kept as written
                    i = n;
                } else {
                    String name = input.substring(i + 2, close);
                    String value = name.isEmpty() ? null : lookup.apply(name);
                    out.append(value != null ? value : input.substring(i, close + 1));
                    i = close + 1;
                }
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }
}
