package dev.scimserver.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * equals, hashCode and toString for {@link Filter.And} and {@link Filter.Or} that loop along the
 * left spine instead of recursing once per operand. An 8 KB filter such as {@code a pr or a pr or ...}
 * is a left-deep tree about a thousand levels deep, which the record-generated methods overflow
 * the stack on; recursion here only follows right operands and operator changes, which in parsed
 * trees are bounded by the nesting limit.
 */
final class LogicalChains {

    private LogicalChains() {
    }

    static boolean equal(Filter a, Filter b) {
        while (a != b) {
            if (a instanceof Filter.And x && b instanceof Filter.And y) {
                if (!x.right().equals(y.right())) {
                    return false;
                }
                a = x.left();
                b = y.left();
            } else if (a instanceof Filter.Or x && b instanceof Filter.Or y) {
                if (!x.right().equals(y.right())) {
                    return false;
                }
                a = x.left();
                b = y.left();
            } else {
                return a.equals(b); // not both the same logical node: nothing left to walk
            }
        }
        return true;
    }

    static int hash(Filter filter) {
        int hash = 0;
        int factor = 1;
        while (true) {
            if (filter instanceof Filter.And x) {
                hash += factor * (x.right().hashCode() + 1);
                filter = x.left();
            } else if (filter instanceof Filter.Or x) {
                hash += factor * (x.right().hashCode() + 2);
                filter = x.left();
            } else {
                return hash + factor * filter.hashCode();
            }
            factor *= 31;
        }
    }

    /**
     * Every operand in parentheses, a same-operator left chain written flat:
     * {@code (a pr) and (b pr) and (c pr)}, which parses back to the same left-associative tree.
     */
    static String text(Filter filter) {
        String operator = filter instanceof Filter.And ? " and " : " or ";
        List<Filter> rights = new ArrayList<>();
        Filter left = filter;
        while (sameOperator(filter, left)) {
            rights.add(left instanceof Filter.And x ? x.right() : ((Filter.Or) left).right());
            left = left instanceof Filter.And x ? x.left() : ((Filter.Or) left).left();
        }
        StringBuilder text = new StringBuilder().append('(').append(left).append(')');
        for (int i = rights.size() - 1; i >= 0; i--) {
            text.append(operator).append('(').append(rights.get(i)).append(')');
        }
        return text.toString();
    }

    private static boolean sameOperator(Filter chain, Filter node) {
        return chain instanceof Filter.And ? node instanceof Filter.And : node instanceof Filter.Or;
    }
}
