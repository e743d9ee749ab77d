raise ValueError("this is the error the page explains")
